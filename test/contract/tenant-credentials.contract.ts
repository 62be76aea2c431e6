/**
 * Route contract: per-tenant intermediary credentials (tenant form → sealed storage → adapters per
 * tenant). Two tenants with different Stripe keys collect on their own accounts of the Stripe
 * simulator, and a webhook verifies only with its payment's tenant's secret. The deployment's
 * credentials are off (VARCO_ENV_CREDENTIALS_FALLBACK=false), so nothing can pass through them.
 * Runs in-process on Node and inside workerd, and over HTTP against a Deno server started with the fallback off
 * (test/e2e/parity.deno.test.ts); the sealed rows are read from the gateway's database in both.
 * @module
 */

import { beforeEach, describe, expect, it } from 'vitest'
import { signStripePayload } from '../../sandbox/stripe/index.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { asContractHarness, type ContractHarness, gatewayNow } from './contract-harness.ts'
import type { HarnessOptions, RouteHarness } from './route-harness.ts'
import { until } from './until.ts'

type H = ContractHarness
// biome-ignore lint/suspicious/noExplicitAny: tests read deep fields of untyped JSON bodies.
type Json = Record<string, any>

const keysOf = (name: string) => ({ secret_key: `sk_test_sandbox_${name}`, webhook_secret: `whsec_sandbox_${name}` })
const SERVICE = {
  payment_type: 'PAGOPA',
  amount: 16.5,
  reason: 'TARI 2026',
  expire_at: 30,
  collection_data: '9/0101108TS/',
  intermediary: 'stripe',
}

export function runTenantCredentialsContract({
  name,
  make,
}: {
  readonly name: string
  /** A gateway with `env`; over HTTP, a server already started with it. */
  readonly make: (o: Pick<HarnessOptions, 'env'>) => Promise<RouteHarness | ContractHarness>
}) {
  describe(`per-tenant intermediary credentials (${name})`, () => {
    let h: H
    beforeEach(async () => {
      h = asContractHarness(await make({ env: { VARCO_ENV_CREDENTIALS_FALLBACK: 'false' } }))
    })

    /** A configured tenant with its own Stripe account (or none) and a Stripe service. */
    async function ente(label: string, stripe: Json | null) {
      const t = await h.tenant(label)
      const auth = { key: t.key, token: await h.token(t.id) }
      const body = { name: label, tax_identification_number: '00341620508', ...(stripe ? { stripe } : {}) }
      const created = await h.call('POST', '/tenants', { ...auth, body })
      expect(created.status, created.text).toBe(201)
      const svc = await h.call('POST', '/services', { ...auth, body: SERVICE })
      return { id: t.id, auth, created, serviceId: svc.json['id'] as string }
    }
    const pay = async (e: Awaited<ReturnType<typeof ente>>) => {
      const r = await h.call('POST', '/payments', { ...e.auth, body: creationEvent(e.id, e.serviceId) })
      return r.json['payment'] as Json
    }
    const credentialRows = async (tenantId: string) =>
      (await h.db.execute({ sql: 'SELECT * FROM tenant_intermediary_credentials WHERE tenant_id = ?', args: [tenantId] })).rows
    const sim = (path: string, key: string) => h.call('GET', `/sandbox/stripe${path}`, { headers: { authorization: `Bearer ${key}` } })
    /** Opens the payment's signed online-payment link, as the citizen's browser does; the Session id it redirects to. */
    const sessionOf = async (payment: Json) => {
      const r = await h.request(String(payment['links']['online_payment_begin']['url']))
      expect(r.status).toBe(303)
      return (r.headers.get('location') ?? '').split('/pay/')[1] as string
    }

    it('stores the secrets sealed and write-only: GET says set, never shows them', async () => {
      const a = await ente('Comune A', keysOf('comune_a'))
      expect(a.created.json['stripe']).toEqual({ secret_key_set: true, webhook_secret_set: true })
      expect(a.created.json['revolut']).toEqual({ api_key_set: false, webhook_secret_set: false })
      const got = await h.call('GET', `/tenants/${a.id}`, a.auth)
      expect(got.json['stripe']).toEqual({ secret_key_set: true, webhook_secret_set: true })
      expect(got.text).not.toContain('sk_test_sandbox_comune_a')
      const rows = await h.db.execute({ sql: 'SELECT sealed_json FROM tenant_intermediary_credentials WHERE tenant_id = ?', args: [a.id] })
      expect(rows.rows).not.toHaveLength(0)
      expect(JSON.stringify(rows.rows)).not.toContain('comune_a')
      // A blank secret (a form pre-filled from GET) keeps the stored one; null clears it.
      const kept = await h.call('PATCH', `/tenants/${a.id}`, {
        ...a.auth,
        body: { name: 'Comune A', stripe: { secret_key: '', webhook_secret_set: true } },
      })
      expect(kept.json['stripe']).toEqual({ secret_key_set: true, webhook_secret_set: true })
      const cleared = await h.call('PATCH', `/tenants/${a.id}`, { ...a.auth, body: { stripe: { secret_key: null, webhook_secret: null } } })
      expect(cleared.json['stripe']).toEqual({ secret_key_set: false, webhook_secret_set: false })
      expect(await credentialRows(a.id)).toHaveLength(0)
    })

    it.each([
      ['stripe.webhook_secret', { stripe: { secret_key: 'sk_test_sandbox_x' } }],
      ['stripe.secret_key', { stripe: { secret_key: 'pk_test_public', webhook_secret: 'whsec_x' } }],
      ['stripe.secret_key', { stripe: { secret_key: 'sk_test_with space', webhook_secret: 'whsec_x' } }],
      ['onpay.gateway_secret_key', { onpay: { api_key: 'k-1', gateway: 'nexi', gateway_api_key: 'g-1' } }],
      [
        'onpay.gateway_notification_key',
        {
          onpay: {
            api_key: 'k-1',
            gateway: 'volt',
            gateway_api_key: 'g',
            gateway_secret_key: 's',
            gateway_username: 'u',
            gateway_password: 'p',
          },
        },
      ],
      ['revolut.colour', { revolut: { api_key: 'x', colour: 'blue' } }],
    ])('400 naming %s for an incomplete or malformed set, and nothing is written', async (field, creds) => {
      const t = await h.tenant('Comune')
      const auth = { key: t.key, token: await h.token(t.id) }
      const r = await h.call('POST', '/tenants', { ...auth, body: { name: 'Comune', tax_identification_number: '00341620508', ...creds } })
      expect(r.status).toBe(400)
      expect(r.json.errors?.map((e) => e.field)).toContain(field)
      const row = await h.db.first({ sql: 'SELECT configured_at FROM tenants WHERE id = ?', args: [t.id] })
      expect(row?.['configured_at']).toBeNull()
      expect(await credentialRows(t.id)).toHaveLength(0)
    })

    it('two tenants with different Stripe keys each collect on their own account', async () => {
      const a = await ente('Comune A', keysOf('comune_a'))
      const b = await ente('Comune B', keysOf('comune_b'))
      const [pa, pb] = [await pay(a), await pay(b)]
      expect([pa['status'], pb['status']]).toEqual(['PAYMENT_PENDING', 'PAYMENT_PENDING'])
      const [sa, sb] = [await sessionOf(pa), await sessionOf(pb)]
      expect((await sim('/v1/account', 'sk_test_sandbox_comune_a')).json['id']).toBe('acct_sandbox_comune_a')
      const ids = async (key: string) => ((await sim('/v1/checkout/sessions', key)).json['data'] as Json[]).map((s) => s['id'])
      const listA = await ids('sk_test_sandbox_comune_a')
      const listB = await ids('sk_test_sandbox_comune_b')
      expect(listA).toEqual([sa])
      expect(listB).toEqual([sb])
      expect((await sim(`/v1/checkout/sessions/${sa}`, 'sk_test_sandbox_comune_b')).status).toBe(404)
      expect((await sim('/v1/checkout/sessions', 'sk_test_sandbox_varco_0000000000000000')).json['data']).toEqual([])
    })

    it("verifies a Stripe webhook with its payment's tenant's secret, and refuses another tenant's", async () => {
      const a = await ente('Comune A', keysOf('comune_a'))
      await ente('Comune B', keysOf('comune_b'))
      const pa = await pay(a)
      const sa = await sessionOf(pa)
      expect((await h.call('POST', `/sandbox/stripe/test/sessions/${sa}/pay`)).status).toBe(200)
      const events = (await h.call('GET', `/sandbox/stripe/sandbox-events/${sa}`)).json['data'] as Json[]
      const completed = events.find((e) => e['type'] === 'checkout.session.completed') as Json
      const send = (header: string) =>
        h.request('/webhooks/stripe', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'stripe-signature': header },
          body: completed['payload'],
        })
      const t = Math.floor((await gatewayNow(h)) / 1000)
      const forged = await send(await signStripePayload(completed['payload'], 'whsec_sandbox_comune_b', t))
      expect(forged.status).toBe(400)
      expect((await h.call('GET', `/payments/${pa['id']}`, a.auth)).json['status']).toBe('PAYMENT_STARTED')
      const r = await send(completed['header'])
      expect(r.status).toBe(200)
      expect(await r.json()).toMatchObject({ outcome: 'applied', payment_id: pa['id'], status: 'COMPLETE' })
    })

    it('a tenant without its own credentials does not use the deployment’s: the creation waits', async () => {
      const c = await ente('Comune C', null)
      const p = await pay(c)
      expect(p['status']).toBe('CREATION_PENDING')
      expect((await sim('/v1/checkout/sessions', 'sk_test_sandbox_varco_0000000000000000')).json['data']).toEqual([])
      expect(await until(h.logs, (l) => l.includes('no stripe credentials'))).toContain('no stripe credentials')
    })
  })
}
