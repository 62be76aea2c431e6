/**
 * The MandateProvider contract: every SEPA Direct Debit mandate adapter passes these cases against
 * its simulator. Runtime-neutral (no node: imports), so the same suite runs in Node and in workerd.
 * Cases use fresh random mandate and charge ids, so one far side can serve them all.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { cents } from '../../core/money.ts'
import type { ChargeRequest, CreatedMandate, CreateMandateRequest, MandateProvider } from '../../ports/mandate-provider.port.ts'
import type { Outcome } from '../../ports/payment-provider.port.ts'

export type MandateHarness = {
  readonly provider: MandateProvider
  /** Loads a URL as a browser would (GET), e.g. the mandate page. */
  readonly openPage: (url: string) => Promise<Response>
  /** The customer accepts the mandate at the far side (through the hosted page's form). */
  readonly accept: (m: CreatedMandate) => Promise<void>
  /** The customer refuses the mandate at the far side. */
  readonly refuse: (m: CreatedMandate) => Promise<void>
  /** The intermediary settles a debit still processing. */
  readonly settle: (chargeRef: string, outcome: 'paid' | 'failed') => Promise<void>
  /** How many debits exist at the far side (to prove a repeated charge adds none). */
  readonly countCharges: () => Promise<number>
  /** The same provider with wrong credentials. */
  readonly withBadCredentials: () => MandateProvider
  /** A provider with a short timeout against a far side slower than it. */
  readonly slow: () => MandateProvider
}

export type MandateContractOptions = {
  readonly name: string
  readonly make: () => Promise<MandateHarness>
}

export function sampleMandate(over: Partial<CreateMandateRequest> = {}): CreateMandateRequest {
  return {
    mandateId: `mnd_${crypto.randomUUID()}`,
    customerName: 'Mario Rossi',
    customerEmail: 'mario@esempio.it',
    iban: 'IT60X0542811101000000123456',
    description: 'Abbonamento 231 Agile',
    returnUrl: 'https://tenant.example.it/billing/mandates/return',
    ...over,
  }
}

export function sampleCharge(mandateRef: string, over: Partial<ChargeRequest> = {}): ChargeRequest {
  return {
    chargeId: `chg_${crypto.randomUUID()}`,
    mandateRef,
    amount: cents(15000),
    currency: 'EUR',
    description: 'Pacchetto Onboarding #4',
    reference: 'PKG-2026-004',
    ...over,
  }
}

function value<T>(o: Outcome<T>): T {
  if (o.kind !== 'ok') throw new Error(`expected ok, got ${o.kind}: ${o.reason}`)
  return o.value
}

export function runMandateProviderContract(opts: MandateContractOptions): void {
  describe(`MandateProvider contract: ${opts.name}`, () => {
    const created = async (h: MandateHarness, over: Partial<CreateMandateRequest> = {}) =>
      value(await h.provider.createMandate(sampleMandate(over)))
    const active = async (h: MandateHarness) => {
      const m = await created(h)
      await h.accept(m)
      return m
    }

    it('creates a mandate awaiting signature, with a sign page a browser can load', async () => {
      const h = await opts.make()
      const m = await created(h)
      expect(m.status).toBe('pending_mandate_signature')
      expect(m.providerRef).not.toBe('')
      const page = await h.openPage(m.signUrl)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-type') ?? '').toContain('text/html')
      expect(await page.text()).toMatch(/<form/i)
      expect(value(await h.provider.readMandate(m.providerRef)).status).toBe('pending_mandate_signature')
    })

    it('answers a repeated create for the same mandate id with the same mandate', async () => {
      const h = await opts.make()
      const req = sampleMandate()
      const first = value(await h.provider.createMandate(req))
      const second = value(await h.provider.createMandate(req))
      expect(second.providerRef).toBe(first.providerRef)
      expect(second.signUrl).toBe(first.signUrl)
    })

    it('reads active once the customer accepts at the far side', async () => {
      const h = await opts.make()
      const m = await active(h)
      const read = value(await h.provider.readMandate(m.providerRef))
      expect(read.status).toBe('active')
      expect(read.rawStatus).not.toBe('')
    })

    it('reads inactive once the customer refuses, and refuses to charge it', async () => {
      const h = await opts.make()
      const m = await created(h)
      await h.refuse(m)
      expect(value(await h.provider.readMandate(m.providerRef)).status).toBe('inactive')
      const before = await h.countCharges()
      expect((await h.provider.charge(sampleCharge(m.providerRef))).kind).toBe('declined')
      expect(await h.countCharges()).toBe(before)
    })

    it('declines a charge on a mandate still awaiting signature, pulling nothing', async () => {
      const h = await opts.make()
      const m = await created(h)
      const before = await h.countCharges()
      const out = await h.provider.charge(sampleCharge(m.providerRef))
      expect(out.kind).toBe('declined')
      expect(await h.countCharges()).toBe(before)
    })

    it('charges an active mandate: pending while the debit processes, paid once it settles', async () => {
      const h = await opts.make()
      const m = await active(h)
      const c = value(await h.provider.charge(sampleCharge(m.providerRef)))
      expect(c.status).toBe('pending')
      expect(c.providerRef).not.toBe('')
      expect(value(await h.provider.readCharge(c.providerRef)).status).toBe('pending')
      await h.settle(c.providerRef, 'paid')
      const read = value(await h.provider.readCharge(c.providerRef))
      expect(read.status).toBe('paid')
      expect(read.providerRef).toBe(c.providerRef)
    })

    it('reads a failed debit as canceled, never paid', async () => {
      const h = await opts.make()
      const m = await active(h)
      const c = value(await h.provider.charge(sampleCharge(m.providerRef)))
      await h.settle(c.providerRef, 'failed')
      expect(value(await h.provider.readCharge(c.providerRef)).status).toBe('canceled')
    })

    it('never charges twice for the same charge id', async () => {
      const h = await opts.make()
      const m = await active(h)
      const before = await h.countCharges()
      const req = sampleCharge(m.providerRef)
      const first = value(await h.provider.charge(req))
      const second = value(await h.provider.charge(req))
      expect(second.providerRef).toBe(first.providerRef)
      expect(await h.countCharges()).toBe(before + 1)
      const other = value(await h.provider.charge(sampleCharge(m.providerRef)))
      expect(other.providerRef).not.toBe(first.providerRef)
      expect(await h.countCharges()).toBe(before + 2)
    })

    it('refuses bad inputs without pulling anything', async () => {
      const h = await opts.make()
      const m = await active(h)
      const before = await h.countCharges()
      expect((await h.provider.charge(sampleCharge(m.providerRef, { amount: cents(0) }))).kind).toBe('invalid_request')
      expect((await h.provider.charge(sampleCharge(m.providerRef, { chargeId: '' }))).kind).toBe('invalid_request')
      expect((await h.provider.createMandate(sampleMandate({ returnUrl: 'not a url' }))).kind).toBe('invalid_request')
      expect((await h.provider.createMandate(sampleMandate({ customerEmail: '' }))).kind).toBe('invalid_request')
      expect(await h.countCharges()).toBe(before)
    })

    it('reports a mandate or charge the far side does not know as invalid_request, never ok', async () => {
      const h = await opts.make()
      expect((await h.provider.readMandate('does-not-exist')).kind).toBe('invalid_request')
      expect((await h.provider.readCharge('does-not-exist')).kind).toBe('invalid_request')
      expect((await h.provider.charge(sampleCharge('does-not-exist'))).kind).toBe('invalid_request')
    })

    it('reports bad credentials as auth', async () => {
      const h = await opts.make()
      const bad = h.withBadCredentials()
      expect((await bad.createMandate(sampleMandate())).kind).toBe('auth')
      const m = await active(h)
      expect((await bad.readMandate(m.providerRef)).kind).toBe('auth')
      expect((await bad.charge(sampleCharge(m.providerRef))).kind).toBe('auth')
    })

    it('reports a timeout as unknown, never as a failure', async () => {
      const h = await opts.make()
      const slow = h.slow()
      expect((await slow.createMandate(sampleMandate())).kind).toBe('unknown')
      const m = await active(h)
      expect((await slow.charge(sampleCharge(m.providerRef))).kind).toBe('unknown')
    })
  })
}
