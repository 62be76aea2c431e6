import { describe, expect, it } from 'vitest'
import { creditorFrom } from '../../edge/deps/providers.ts'
import { fallbackIban, parseConfig, SAMPLE_IBAN } from '../../edge/env.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { harness } from './harness.ts'

/** Production with a real pagoPA configured (never reached: the missing IBAN stops the creation first). */
const PRODUCTION = {
  VARCO_ENV: 'production',
  VARCO_SANDBOX: 'false',
  PAGOPA_API_KEY: 'test-subscription-key',
  PAGOPA_API_URL: 'http://127.0.0.1:9',
  // Production signs capability links with its own key ring (32 bytes, base64).
  VARCO_LINK_KEYS: `k1:${'A'.repeat(43)}=`,
}
const SERVICE = { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' }
const TENANT_IBAN = 'IT05X0306909606100000063405'

type Status = { status: string; pagopa: { fallback_iban: boolean; tenants_without_iban: { tenant_id: string; service_ids: string[] }[] } }

describe('no invented IBAN', () => {
  it('PAGOPA_IBAN falls back to the sample IBAN only outside production or in the sandbox', () => {
    const base = { VARCO_DB_URL: ':memory:', JWT_SECRET: 'x'.repeat(32) }
    expect(fallbackIban(parseConfig({ ...base, VARCO_ENV: 'development' }))).toBe(SAMPLE_IBAN)
    expect(fallbackIban(parseConfig({ ...base, VARCO_ENV: 'test' }))).toBe(SAMPLE_IBAN)
    expect(fallbackIban(parseConfig({ ...base, VARCO_ENV: 'production', VARCO_SANDBOX: 'true' }))).toBe(SAMPLE_IBAN)
    expect(fallbackIban(parseConfig({ ...base, VARCO_ENV: 'production' }))).toBeNull()
    expect(fallbackIban(parseConfig({ ...base, VARCO_ENV: 'production', PAGOPA_IBAN: TENANT_IBAN }))).toBe(TENANT_IBAN)
    expect(() => parseConfig({ ...base, PAGOPA_IBAN: 'not an iban' })).toThrow(/PAGOPA_IBAN/)
    const tenant = {
      id: 't',
      name: 'Comune',
      taxIdentificationNumber: '00341620508',
      ipaCode: null,
      active: true,
      configuredAt: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    }
    const production = creditorFrom(parseConfig({ ...base, VARCO_ENV: 'production' }))
    expect(production({ ...tenant, pagopa: null }).iban).toBeNull()
    const own = { segregationCode: '01', auxDigit: '3' as const, iban: TENANT_IBAN, postalAccount: null }
    expect(production({ ...tenant, pagopa: own }).iban).toBe(TENANT_IBAN)
  })

  it('in production, a pagoPA payment of a tenant without an IBAN is CREATION_FAILED with the reason, and /status lists the tenant', async () => {
    const h = await harness({}, PRODUCTION)
    const t = await h.tenant('Comune senza IBAN')
    const admin = { key: t.key, token: await h.token(t.id) }
    const svc = (await h.call('POST', '/services', { ...admin, body: SERVICE })).json['id'] as string
    const op = { key: t.key, token: await h.token(t.id, 'operator') }

    const r = await h.call('POST', '/payments', { ...op, body: creationEvent(t.id, svc) })
    expect(r.status).toBe(201)
    expect((r.json['payment'] as { status: string }).status).toBe('CREATION_FAILED')
    const failure = h.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'payment creation failed')
    expect(failure?.reason).toMatch(/no IBAN to credit.*pagopa\.iban/)

    // A second tenant with its own IBAN, and a Stripe-only one, are not listed; an inactive service does not count.
    const funded = await h.tenant('Comune con IBAN')
    const fundedAdmin = { key: funded.key, token: await h.token(funded.id) }
    expect((await h.call('POST', '/services', { ...fundedAdmin, body: SERVICE })).status).toBe(201)
    const patched = await h.call('PATCH', `/tenants/${funded.id}`, {
      ...fundedAdmin,
      body: { pagopa: { segregation_code: '01', iban: TENANT_IBAN } },
    })
    expect(patched.status).toBe(200)
    const stripeOnly = await h.tenant('Comune Stripe')
    const stripeAdmin = { key: stripeOnly.key, token: await h.token(stripeOnly.id) }
    expect((await h.call('POST', '/services', { ...stripeAdmin, body: { ...SERVICE, intermediary: 'stripe' } })).status).toBe(201)

    const status = (await h.call('GET', '/status')).json as unknown as Status
    expect(status.pagopa).toEqual({ fallback_iban: false, tenants_without_iban: [{ tenant_id: t.id, service_ids: [svc] }] })
    await h.call('DELETE', `/services/${svc}`, admin)
    expect(((await h.call('GET', '/status')).json as unknown as Status).pagopa.tenants_without_iban).toEqual([])
  })

  it('outside production the sample IBAN still applies, so nobody is listed', async () => {
    const h = await harness()
    const t = await h.tenant()
    const admin = { key: t.key, token: await h.token(t.id) }
    await h.call('POST', '/services', { ...admin, body: SERVICE })
    const status = (await h.call('GET', '/status')).json as unknown as Status
    expect(status.pagopa).toEqual({ fallback_iban: true, tenants_without_iban: [] })
  })
})
