import { describe, expect, it } from 'vitest'
import { jsonLogger } from '../../adapters/log/json-logger.ts'
import { digitalStamp } from '../../core/digital-stamp.ts'
import type { Payment } from '../../core/payment.ts'
import { eventToWire } from '../../core/payment-wire.ts'
import { createAtIntermediary, type PaymentDeps } from '../../core/use-cases/payments.ts'
import type { Transfer } from '../../ports/payment-provider.port.ts'
import { fixedClock, sequentialIds } from '../fakes/clock.fake.ts'
import { inMemoryPaymentRepo, inMemoryServiceRepo, tenantRepoWith } from '../fakes/in-memory-repos.fake.ts'
import { testLinkSigner } from '../fakes/link-signer.fake.ts'
import { aPayment } from '../fakes/payment.fake.ts'
import { fakeIntermediary, fakeProvider } from '../fakes/payment-provider.fake.ts'

const stampPayment = (over: { province?: string | null; hash?: string | null; debtor?: Payment['debtor'] } = {}) => {
  const p = aPayment({ type: 'STAMP', id: crypto.randomUUID() })
  return {
    ...p,
    payment: {
      ...p.payment,
      type: 'STAMP' as const,
      expire_at: new Date('2026-12-23T10:00:00Z'),
      document: over.hash === null ? null : { id: null, ref: null, hash: over.hash ?? 'sha256:5d41402abc4b2a76b9719d911017c592' },
    },
    payer: { ...p.payer, country_subdivision: over.province === undefined ? 'pi' : over.province },
    debtor: over.debtor ?? null,
  }
}

async function setup() {
  const clock = fixedClock('2026-11-23T10:10:00Z')
  const sent: Transfer[] = []
  const provider = fakeProvider({
    intermediary: fakeIntermediary({ clock }),
    script: {
      create: (req, real) => {
        sent.push(...req.transfers)
        return real()
      },
    },
  })
  const { tenants } = await tenantRepoWith(aPayment().tenant_id, clock())
  const logs: string[] = []
  const payments = inMemoryPaymentRepo()
  const deps: PaymentDeps = {
    tenants,
    services: inMemoryServiceRepo(),
    payments,
    providers: { fake: provider },
    linkSigner: testLinkSigner(),
    creditorOf: (t) => ({ tenantId: t.id, taxId: t.taxIdentificationNumber, name: t.name, iban: 'IT60X0542811101000000123456' }),
    clock,
    newId: sequentialIds(),
    logger: jsonLogger({ level: 'debug', write: (l) => logs.push(l) }),
    appId: 'varco:test',
    publishers: [],
    publicUrl: 'http://varco.test',
  }
  const create = async (p: Payment) => {
    const stored = { payment: p, intermediary: 'fake', providerRef: null }
    const inbound = eventToWire({ ...p, event_id: crypto.randomUUID(), event_version: '2.0', event_created_at: clock(), app_id: 'x:1' })
    await payments.insert({ stored, events: [inbound], publish: [], at: clock() })
    return createAtIntermediary(deps, stored)
  }
  return { create, sent, provider, logs }
}

describe('digital stamp (marca da bollo digitale)', () => {
  it('takes the province and the document hash from the event, never a default', async () => {
    const s = await setup()
    const out = await s.create(stampPayment())
    expect(out.payment.status).toBe('PAYMENT_PENDING')
    expect(s.sent).toEqual([
      expect.objectContaining({
        iban: null,
        stamp: { hashDocument: 'sha256:5d41402abc4b2a76b9719d911017c592', stampType: '01', provincialResidence: 'PI' },
      }),
    ])
  })

  it.each([
    ['no country_subdivision', { province: null }, ['payer.country_subdivision'], ['payment.document.hash']],
    ['a blank country_subdivision', { province: ' ' }, ['payer.country_subdivision'], ['payment.document.hash']],
    ['a country_subdivision that is not a province', { province: 'Pisa' }, ['payer.country_subdivision'], []],
    ['no document', { hash: null }, ['payment.document.hash'], ['country_subdivision']],
    ['an empty document hash', { hash: '' }, ['payment.document.hash'], ['country_subdivision']],
    ['neither', { province: null, hash: '' }, ['payer.country_subdivision', 'payment.document.hash'], []],
  ])('with %s: CREATION_FAILED naming the missing data, and nothing sent to the intermediary', async (_, over, named, notNamed) => {
    const s = await setup()
    const out = await s.create(stampPayment(over))
    expect(out.payment.status).toBe('CREATION_FAILED')
    expect(s.provider.calls.create).toBe(0)
    const failure = s.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'payment creation failed')
    expect(failure).toMatchObject({ level: 'warn', kind: 'invalid_request', payment_id: out.payment.id })
    for (const field of named) expect(failure.reason).toContain(field)
    for (const field of notNamed) expect(failure.reason).not.toContain(field)
    expect(s.logs.join('\n')).not.toContain('"RM"')
  })

  it("uses the debtor's province when the event has a debtor", () => {
    const debtor = { type: 'human' as const, tax_identification_number: 'VRDGPP80A01G702X', name: 'Giuseppe', country_subdivision: 'LU' }
    const r = digitalStamp(stampPayment({ province: 'PI', debtor }))
    expect(r).toEqual({ ok: true, stamp: expect.objectContaining({ provincialResidence: 'LU' }) })
    const missing = digitalStamp(stampPayment({ province: 'PI', debtor: { ...debtor, country_subdivision: null } }))
    expect(missing).toMatchObject({ ok: false, reason: expect.stringContaining('debtor.country_subdivision') })
  })

  it('leaves PAGOPA payments alone: they credit an IBAN and carry no stamp', async () => {
    const s = await setup()
    const p = aPayment({ id: crypto.randomUUID() })
    const out = await s.create({ ...p, payment: { ...p.payment, expire_at: new Date('2026-12-23T10:00:00Z') } })
    expect(out.payment.status).toBe('PAYMENT_PENDING')
    expect(s.sent).toEqual([expect.objectContaining({ iban: 'IT60X0542811101000000123456' })])
    expect(s.sent[0]?.stamp).toBeUndefined()
  })
})
