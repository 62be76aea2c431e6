/**
 * Agile billing end to end through the real app, database and sandbox simulators (Stripe with its
 * pushed, signed webhooks; OpenAPI.it for SDI), runtime-neutral: Node (test/edge/billing.test.ts)
 * and inside workerd (test/workerd/billing-routes.test.ts). Checkout → pay on the simulator →
 * webhook → paid → FatturaPA valid → SDI RC → download; replays, concurrency, SEPA, transfers,
 * settings, compliance and 402.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { OPERATOR_KEY, setBillingOperator } from '../../core/billing/settings-store.ts'
import { reconcileBillingJob } from '../../core/jobs/billing.ts'
import { reconcileSdiJob } from '../../core/jobs/reconcile-sdi.ts'
import { sandboxCredentials } from '../../sandbox/index.ts'
import type { CallOptions, RouteHarness } from './route-harness.ts'

export type BillingHarness = RouteHarness & { readonly request: (path: string, init?: RequestInit) => Promise<Response> }

// biome-ignore lint/suspicious/noExplicitAny: tests read deep fields of untyped JSON bodies.
type Json = Record<string, any>

/** The platform's cedente settings used by the billing tests (here, and the walks and the browser test). */
export const CEDENTE = {
  cedente_piva: '07776161213',
  cedente_nome: 'Agile Technology SRL',
  cedente_indirizzo: 'Via Roma 1',
  cedente_cap: '80100',
  cedente_comune: 'Napoli',
  cedente_provincia: 'NA',
  cedente_regime: 'RF01',
}
const BONIFICO = { bonifico_iban: 'IT60X0542811101000000123456', bonifico_bic: 'SELBIT2BXXX', bonifico_beneficiario: '231 Agile' }
/** A business customer's invoicing data (FPR12, delivered by PEC). */
export const B2B_CUSTOMER = {
  denominazione: 'TechnoSteel S.r.l.',
  piva: '12345678903',
  indirizzo: 'Via Industria 42',
  cap: '20100',
  comune: 'Milano',
  provincia: 'MI',
  pec: 'fatture@technosteel.it',
  email: 'amministrazione@technosteel.it',
}
const DAY = 86_400_000

/** `h.call` with the JSON body typed loosely, for reading deep fields. */
async function jcall(h: Pick<RouteHarness, 'call'>, method: string, path: string, opts?: CallOptions) {
  const r = await h.call(method, path, opts)
  return { ...r, json: r.json as Json }
}

export function runBillingRouteContract(name: string, make: () => Promise<BillingHarness>) {
  describe(`Agile billing (${name})`, () => {
    async function setup(opts: { sdi?: boolean; bonifico?: boolean; customer?: boolean } = {}) {
      const h = await make()
      const op = await h.tenant('Agile Technology SRL')
      await setBillingOperator(h.deps.billing, op.id)
      const opAdmin: CallOptions = { key: op.key, token: await h.token(op.id, 'admin') }
      const settings = { ...CEDENTE, ...(opts.bonifico ? BONIFICO : {}), sdi_enabled: opts.sdi ? 'true' : 'false' }
      expect((await jcall(h, 'PUT', '/billing/settings', { ...opAdmin, body: settings })).status).toBe(200)
      const t = await h.tenant('TechnoSteel')
      const as = async (role: 'admin' | 'operator' | 'viewer' = 'admin'): Promise<CallOptions> => ({
        key: t.key,
        token: await h.token(t.id, role),
      })
      if (opts.customer !== false)
        expect((await jcall(h, 'PUT', '/billing/customer', { ...(await as()), body: B2B_CUSTOMER })).status).toBe(200)
      const status = async () => (await jcall(h, 'GET', '/billing/status', await as('viewer'))).json['data'] as Json
      const pkg = async (n: number) => (await status())['packages'][n - 1] as Json
      const checkout = async (n: number, who = t) =>
        jcall(h, 'POST', `/billing/checkout/${n}`, { key: who.key, token: await h.token(who.id, 'operator') })
      /** The customer pays on the simulator (its webhook is pushed to /billing/webhook in-process). */
      const pay = async (sessionId: string, method: 'card' | 'sepa_debit' = 'card') => {
        const r = await h.request(`/sandbox/stripe/test/sessions/${sessionId}/pay?method=${method}`, { method: 'POST' })
        expect(r.status, await r.clone().text()).toBe(200)
      }
      const deliveries = async () => ((await (await h.request('/sandbox/stripe/_control/deliveries')).json()) as Json)['data'] as Json[]
      return { h, t, op, opAdmin, as, status, pkg, checkout, pay, deliveries }
    }

    it('checkout → pay on the simulator → signed webhook → paid → FatturaPA valid → SDI RC → download', async () => {
      const { h, t, as, pkg, checkout, pay, status } = await setup({ sdi: true })
      const first = await status()
      expect(first['subscription']).toMatchObject({ status: 'trial', packages_completed: 0, packages_total: 8 })
      expect(first['packages']).toHaveLength(8)
      expect(first['days_remaining']).toBe(30)
      const c = await checkout(1)
      expect(c.status, c.text).toBe(200)
      const sessionId = String(c.json['data']['session_id'])
      expect(String(c.json['data']['checkout_url'])).toContain(`/sandbox/stripe/pay/${sessionId}`)
      // A double click gives the same session.
      expect((await checkout(1)).json['data']['session_id']).toBe(sessionId)
      const session = (await (
        await h.request(`/sandbox/stripe/v1/checkout/sessions/${sessionId}`, {
          headers: { authorization: `Bearer ${sandboxCredentials.stripe.secretKey}` },
        })
      ).json()) as Json
      expect(session).toMatchObject({
        amount_total: 18300,
        client_reference_id: t.id,
        metadata: { varco_tenant_id: t.id, varco_package: '1' },
      })

      await pay(sessionId)
      const paid = await pkg(1)
      expect(paid).toMatchObject({
        status: 'paid',
        paid_via: 'card',
        invoice_state: 'issued',
        fattura_numero: expect.stringMatching(/^FT-2026-\d{4}-01$/),
      })
      expect(paid['sdi']).toMatchObject({ sdi_id: expect.stringMatching(/^SDI-/), stato: 'inviata' })
      expect((await status())['subscription']).toMatchObject({ status: 'active', packages_completed: 1 })

      const dl = await h.request('/billing/fattura/1', {
        headers: { 'x-api-key': t.key, authorization: `Bearer ${(await as('viewer')).token}` },
      })
      expect(dl.status).toBe(200)
      expect(dl.headers.get('content-type')).toContain('application/xml')
      expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="${paid['fattura_file_name']}"`)
      const xml = await dl.text()
      expect(xml).toContain('<Descrizione>Pacchetto Onboarding #1</Descrizione>')
      expect(xml).toContain('<ModalitaPagamento>MP08</ModalitaPagamento>')
      expect(xml).toContain('<ImportoTotaleDocumento>183.00</ImportoTotaleDocumento>')
      const v = await jcall(h, 'POST', '/fatturapa/valida', {
        ...(await as('viewer')),
        body: { xml_base64: btoa(String.fromCharCode(...new TextEncoder().encode(xml))) },
      })
      expect(v.json, v.text).toMatchObject({ success: true, valid: true })
      const pdf = await h.request('/billing/fattura/1?format=pdf', {
        headers: { 'x-api-key': t.key, authorization: `Bearer ${(await as('viewer')).token}` },
      })
      expect(pdf.headers.get('content-type')).toBe('application/pdf')
      expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-')

      // SDI delivers it (the simulator, as OpenAPI.it's sandbox does when asked).
      const sdiId = String(paid['sdi']['sdi_id'])
      const tr = (await jcall(h, 'GET', `/sdi/${sdiId}`, await as('viewer'))).json
      const c2 = sandboxCredentials.openapiSdi
      const tok = await h.request('/sandbox/openapi-sdi/oauth/tokens', {
        method: 'POST',
        headers: { authorization: `Basic ${btoa(`${c2.email}:${c2.apiKey}`)}`, 'content-type': 'application/json' },
        body: JSON.stringify({ scopes: ['POST:gateway/sandbox/openapi-sdi/simulate'] }),
      })
      const bearer = String(((await tok.json()) as Json)['data']['token'])
      const sim = await h.request('/sandbox/openapi-sdi/simulate/customer-notification', {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ uuid: tr['remote_id'], notification: 'RC' }),
      })
      expect(sim.status).toBe(200)
      expect((await jcall(h, 'GET', `/sdi/${sdiId}`, await as('viewer'))).json).toMatchObject({ stato: 'RC' })
      expect((await pkg(1))['sdi']).toMatchObject({ stato: 'RC' })
      // A paid package cannot be bought again.
      expect((await checkout(1)).status).toBe(409)
    })

    it('webhooks: a replay changes nothing; a bad signature is 400; unknown and foreign events are 200', async () => {
      const { h, t, checkout, pay, pkg } = await setup()
      const sessionId = String((await checkout(2)).json['data']['session_id'])
      await pay(sessionId)
      const before = await pkg(2)
      expect(before).toMatchObject({ status: 'paid' })
      const events = ((await (await h.request(`/sandbox/stripe/sandbox-events/${sessionId}`)).json()) as Json)['data'] as Json[]
      const completed = events.find((e) => e['type'] === 'checkout.session.completed') as Json
      const post = (body: string, sig: string) =>
        h.request('/billing/webhook', { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': sig }, body })
      const replay = await post(completed['payload'], completed['header'])
      expect(replay.status).toBe(200)
      expect(await replay.json()).toMatchObject({ received: true, outcome: 'duplicate' })
      expect(await pkg(2)).toEqual(before)
      expect((await post(completed['payload'], 't=1,v1=00')).status).toBe(400)
      expect((await post(completed['payload'].replace('checkout.session', 'checkout.sessiom'), completed['header'])).status).toBe(400)
      const other = events.find((e) => e['type'] === 'payment_intent.succeeded') as Json
      const r = await post(other['payload'], other['header'])
      expect(r.status).toBe(200)
      expect(await r.json()).toMatchObject({ outcome: 'unknown' })
      const numbers = (await h.deps.billing.repo.get(t.id))?.packages.filter((p) => p.fatturaNumero !== null)
      expect(numbers).toHaveLength(1)
    })

    it('checkout input: n outside 1..8 is 400; no invoicing data is 409; a viewer cannot buy', async () => {
      const { h, t, checkout } = await setup({ customer: false })
      expect((await checkout(0)).status).toBe(400)
      expect((await checkout(9)).status).toBe(400)
      const none = await checkout(1)
      expect(none.status).toBe(409)
      expect(none.json).toMatchObject({ success: false, code: 'conflict' })
      expect((await jcall(h, 'POST', '/billing/checkout/1', { key: t.key, token: await h.token(t.id, 'viewer') })).status).toBe(403)
      const bad = await jcall(h, 'PUT', '/billing/customer', {
        key: t.key,
        token: await h.token(t.id, 'admin'),
        body: { ...B2B_CUSTOMER, cap: '1' },
      })
      expect(bad.status).toBe(400)
      expect(bad.json).toMatchObject({ success: false, code: 'validation' })
    })

    it('10 concurrent webhooks for different packages get gapless, distinct numbers', async () => {
      const { h, t, checkout, deliveries } = await setup()
      const u = await h.tenant('Second customer')
      const uAdmin = { key: u.key, token: await h.token(u.id, 'admin') }
      await jcall(h, 'PUT', '/billing/customer', { ...uAdmin, body: { ...B2B_CUSTOMER, denominazione: 'Altro S.r.l.' } })
      const sessions: string[] = []
      for (const who of [t, u]) for (const n of [1, 2, 3, 4, 5]) sessions.push(String((await checkout(n, who)).json['data']['session_id']))
      // Stripe's pushes are dropped: the test delivers the signed events itself, all at once.
      await h.request('/sandbox/stripe/_control/deliveries/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'drop', times: 100 }),
      })
      for (const s of sessions) await h.request(`/sandbox/stripe/test/sessions/${s}/pay`, { method: 'POST' })
      expect((await deliveries()).filter((d) => d['outcome'] === 'delivered')).toHaveLength(0)
      const signed = await Promise.all(
        sessions.map(async (s) => {
          const list = ((await (await h.request(`/sandbox/stripe/sandbox-events/${s}`)).json()) as Json)['data'] as Json[]
          return list.find((e) => e['type'] === 'checkout.session.completed') as Json
        }),
      )
      const answers = await Promise.all(
        signed.map((e) =>
          h.request('/billing/webhook', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'stripe-signature': e['header'] },
            body: e['payload'],
          }),
        ),
      )
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200))
      const numeri: string[] = []
      for (const who of [t, u]) {
        const acct = await h.deps.billing.repo.get(who.id)
        for (const p of acct?.packages ?? []) if (p.fatturaNumero) numeri.push(p.fatturaNumero)
      }
      expect(numeri).toHaveLength(10)
      const seqs = numeri.map((n) => Number(n.split('-')[2])).sort((a, b) => a - b)
      expect(new Set(seqs).size).toBe(10)
      expect((seqs[9] ?? 0) - (seqs[0] ?? 0)).toBe(9) // gapless: ten consecutive numbers
    })

    it('SEPA: processing until the debit settles; a failed debit makes the package payable again; success invoices MP20', async () => {
      const { h, checkout, pay, pkg } = await setup()
      const s1 = String((await checkout(3)).json['data']['session_id'])
      await pay(s1, 'sepa_debit')
      expect(await pkg(3)).toMatchObject({ status: 'processing', invoice_state: 'none' })
      expect((await checkout(3)).status).toBe(409)
      expect((await h.request(`/sandbox/stripe/test/sessions/${s1}/settle?outcome=failed`, { method: 'POST' })).status).toBe(200)
      expect(await pkg(3)).toMatchObject({ status: 'due', paid_at: null })
      const s2 = String((await checkout(3)).json['data']['session_id'])
      expect(s2).not.toBe(s1)
      await pay(s2, 'sepa_debit')
      expect(await pkg(3)).toMatchObject({ status: 'processing' })
      expect((await h.request(`/sandbox/stripe/test/sessions/${s2}/settle?outcome=succeeded`, { method: 'POST' })).status).toBe(200)
      const done = await pkg(3)
      expect(done).toMatchObject({ status: 'paid', paid_via: 'sepa_debit', invoice_state: 'issued' })
      const xml = (await h.deps.billing.repo.list(null, 1000))
        .flatMap((a) => a.packages)
        .find((p) => p.checkoutSessionId === s2)?.fatturaXml
      expect(xml).toContain('<ModalitaPagamento>MP20</ModalitaPagamento>')
    })

    it('out of order: async_payment_succeeded before completed; the late completed changes nothing', async () => {
      const { h, t, checkout, pkg } = await setup()
      await h.request('/sandbox/stripe/_control/deliveries/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'drop', times: 100 }),
      })
      const s = String((await checkout(6)).json['data']['session_id'])
      await h.request(`/sandbox/stripe/test/sessions/${s}/pay?method=sepa_debit`, { method: 'POST' })
      await h.request(`/sandbox/stripe/test/sessions/${s}/settle?outcome=succeeded`, { method: 'POST' })
      const events = ((await (await h.request(`/sandbox/stripe/sandbox-events/${s}`)).json()) as Json)['data'] as Json[]
      const send = (type: string) => {
        const e = events.find((x) => x['type'] === type) as Json
        return h.request('/billing/webhook', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'stripe-signature': e['header'] },
          body: e['payload'],
        })
      }
      expect((await send('checkout.session.async_payment_succeeded')).status).toBe(200)
      const paid = await pkg(6)
      expect(paid).toMatchObject({ status: 'paid', paid_via: 'sepa_debit', invoice_state: 'issued' })
      expect((await send('checkout.session.completed')).status).toBe(200)
      expect(await pkg(6)).toEqual(paid)
      expect((await h.deps.billing.repo.get(t.id))?.packages.filter((p) => p.fatturaNumero !== null)).toHaveLength(1)
    })

    it('a lost webhook and a failed invoice are finished by the reconciler; a paid package never stays without its invoice', async () => {
      const { h, t, opAdmin, checkout, pkg } = await setup({ sdi: true })
      // The cedente is incomplete when the payment lands: the payment is recorded, the invoice waits.
      expect((await jcall(h, 'PUT', '/billing/settings', { ...opAdmin, body: { cedente_cap: null } })).status).toBe(200)
      await h.request('/sandbox/stripe/_control/deliveries/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'drop', times: 100 }),
      })
      const s = String((await checkout(4)).json['data']['session_id'])
      await h.request(`/sandbox/stripe/test/sessions/${s}/pay`, { method: 'POST' })
      expect(await pkg(4)).toMatchObject({ status: 'due' }) // the webhook never came
      h.clock.advance(3 * 60_000)
      const r1 = await reconcileBillingJob.run(h.deps, h.clock())
      expect(r1.counts['paid']).toBeGreaterThanOrEqual(1) // (a shared database may hold other tenants' sessions)
      expect(await pkg(4)).toMatchObject({ status: 'paid', invoice_state: 'failed' })
      await jcall(h, 'PUT', '/billing/settings', { ...opAdmin, body: { cedente_cap: '80100' } })
      // OpenAPI.it takes the file but its answer is lost: SDI state unknown, found later; sent once.
      await h.request('/sandbox/openapi-sdi/_control/faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ path: '/invoices', method: 'POST', kind: 'drop' }),
      })
      const r2 = await reconcileBillingJob.run(h.deps, h.clock())
      expect(r2.counts['finished']).toBeGreaterThanOrEqual(1)
      const p = await pkg(4)
      expect(p).toMatchObject({ invoice_state: 'issued', sdi: { stato: 'unknown' } })
      h.clock.advance(2 * 60_000)
      await reconcileSdiJob.run(h.deps, h.clock())
      expect((await h.deps.sdi.store.get(t.id, String(p['sdi']['sdi_id'])))?.state).toBe('inviata')
      const state = (await (await h.request('/sandbox/openapi-sdi/_control/state')).json()) as Json
      // Sent exactly once (the shared database of workerd may give the reconciler other tenants' invoices too).
      expect((state['data']['invoices'] as Json[]).filter((i) => i['fileName'] === p['fattura_file_name'])).toHaveLength(1)
      await reconcileBillingJob.run(h.deps, h.clock())
      const unfinished = await h.deps.billing.repo.listUnfinished(1000, { unsent: true })
      expect(unfinished.filter((x) => x.tenantId === t.id)).toEqual([])
    })

    it('bank transfer: instructions when configured; the operator records it once; a tenant cannot', async () => {
      const { h, t, opAdmin, as, pkg } = await setup({ bonifico: true })
      const p5 = await pkg(5)
      expect(p5['bonifico']).toMatchObject({
        iban: BONIFICO.bonifico_iban,
        bic: 'SELBIT2BXXX',
        importo: '183.00',
        causale: `VARCO PKG 05 ${t.id}`,
      })
      const mark = (who: CallOptions) =>
        jcall(h, 'POST', '/billing/packages/5/paid-by-transfer', { ...who, body: { tenant_id: t.id, riferimento: 'CRO 0123456789' } })
      expect((await mark(await as('admin'))).status).toBe(403)
      // Bad input: a clear 400 in the Agile envelope, and nothing written.
      for (const [path, body] of [
        ['/billing/packages/5/paid-by-transfer', { tenant_id: t.id }],
        ['/billing/packages/5/paid-by-transfer', { tenant_id: 'not-a-uuid', riferimento: 'CRO 1' }],
        ['/billing/packages/5/paid-by-transfer', { tenant_id: t.id, riferimento: 'CRO 1', paid_at: 'yesterday' }],
        ['/billing/packages/9/paid-by-transfer', { tenant_id: t.id, riferimento: 'CRO 1' }],
      ] as const) {
        const bad = await jcall(h, 'POST', path, { ...opAdmin, body })
        expect(bad.status, `${path} ${JSON.stringify(body)}`).toBe(400)
        expect(bad.json).toMatchObject({ success: false, code: 'validation' })
      }
      expect(await pkg(5)).toMatchObject({ status: 'due', paid_at: null })
      expect((await jcall(h, 'GET', '/billing/fattura/9', await as('viewer'))).status).toBe(400)
      const ok = await mark(opAdmin)
      expect(ok.status, ok.text).toBe(200)
      expect(ok.json['data']).toEqual({ outcome: 'paid', package: 5 })
      expect((await mark(opAdmin)).status).toBe(409)
      expect(await pkg(5)).toMatchObject({ status: 'paid', paid_via: 'bonifico', invoice_state: 'issued', bonifico: null })
      const xml = (await h.deps.billing.repo.get(t.id))?.packages[4]?.fatturaXml
      expect(xml).toContain('<ModalitaPagamento>MP05</ModalitaPagamento>')
      expect(xml).toContain(`<IBAN>${BONIFICO.bonifico_iban}</IBAN>`)
    })

    it('settings: operator only; validated; db over env; the secret is write-only and sealed', async () => {
      const { h, t, opAdmin, as } = await setup()
      // The settings are the platform's (one set per database): start from no bank account.
      await jcall(h, 'PUT', '/billing/settings', {
        ...opAdmin,
        body: { bonifico_iban: null, bonifico_bic: null, bonifico_beneficiario: null },
      })
      expect((await jcall(h, 'GET', '/billing/settings', await as('admin'))).status).toBe(403)
      expect(
        (
          await jcall(h, 'GET', '/billing/settings', {
            key: String(opAdmin.key),
            token: await h.token((await h.deps.billing.repo.settings()).get(OPERATOR_KEY)?.value ?? '', 'operator'),
          })
        ).status,
      ).toBe(403)
      const bad = await jcall(h, 'PUT', '/billing/settings', {
        ...opAdmin,
        body: { cedente_cap: '8010', bonifico_iban: 'IT00X', cedente_nome: 'Nuovo nome', nope: 'x' },
      })
      expect(bad.status).toBe(400)
      expect(bad.json['errors'].map((e: Json) => e['field']).sort()).toEqual(['bonifico_iban', 'cedente_cap', 'nope'])
      const got = (await jcall(h, 'GET', '/billing/settings', opAdmin)).json['data'] as Json
      expect(got['settings']['cedente_nome']).toMatchObject({ value: 'Agile Technology SRL', source: 'db' }) // nothing written
      expect(got).toMatchObject({ fattura_ready: true, bonifico_ready: false, fattura_api_key_set: false })
      const put = await jcall(h, 'PUT', '/billing/settings', {
        ...opAdmin,
        body: { fattura_api_key: 'cs_fat_secret_value_123', cedente_provincia: 'na' },
      })
      expect(put.json['data']).toMatchObject({
        fattura_api_key_set: true,
        settings: { fattura_api_key: { value: null, secret: true, set: true }, cedente_provincia: { value: 'NA' } },
      })
      expect(put.text).not.toContain('cs_fat_secret_value_123')
      const stored = (await h.deps.billing.repo.settings()).get('fattura_api_key')
      expect(stored?.secret).toBe(true)
      expect(stored?.value).not.toContain('cs_fat_secret_value_123')
      expect(t.id).toBeTruthy()
    })

    it('compliance: cron secret required; trial expiry and skipped weeks give 402 outside /billing; paying reactivates; twice a day changes nothing', async () => {
      const { h, as, checkout, pay, status } = await setup()
      const cron = (secret?: string) =>
        h.request('/billing/cron/check-compliance', { method: 'POST', ...(secret ? { headers: { 'x-cron-secret': secret } } : {}) })
      expect((await cron()).status).toBe(401)
      expect((await cron('wrong-secret-0000000000')).status).toBe(401)
      await status() // opens the account
      h.clock.advance(31 * DAY)
      const run = await cron('billing-cron-secret-0123456789')
      expect(run.status).toBe(200)
      expect(((await run.json()) as Json)['data']['expired']).toBeGreaterThanOrEqual(1)
      expect((await status())['subscription']).toMatchObject({ status: 'expired' })
      expect(((await (await cron('billing-cron-secret-0123456789')).json()) as Json)['data']).toMatchObject({
        expired: 0,
        suspended: 0,
        reactivated: 0,
      })
      const viewer = await as('viewer')
      expect((await jcall(h, 'GET', '/sdi', viewer)).status).toBe(402)
      expect((await jcall(h, 'GET', '/payment/v2/methods', viewer)).status).toBe(402)
      expect((await jcall(h, 'POST', '/fatturapa/valida', { ...viewer, body: { xml_base64: 'AA==' } })).status).toBe(402)
      expect((await jcall(h, 'GET', '/billing/status', viewer)).status).toBe(200)
      // Paying the overdue package reactivates at once.
      const s = String((await checkout(1)).json['data']['session_id'])
      await pay(s)
      expect((await status())['subscription']).toMatchObject({ status: 'active' })
      expect((await jcall(h, 'GET', '/sdi', await as('viewer'))).status).toBe(200)
      // A week later package 2 is overdue: suspended.
      h.clock.advance(7 * DAY)
      const again = ((await (await cron('billing-cron-secret-0123456789')).json()) as Json)['data']
      expect(again['suspended']).toBeGreaterThanOrEqual(1)
      expect((await status())['subscription']).toMatchObject({ status: 'suspended' })
      expect((await jcall(h, 'GET', '/sdi', await as('viewer'))).status).toBe(402)
    })
  })
}
