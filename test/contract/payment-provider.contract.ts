/**
 * The PaymentProvider contract: every intermediary adapter (against its simulator, fake or recorded
 * fixtures) passes these cases. Runtime-neutral (no node: imports), so the same suite can run in
 * Node and workerd. Cases use fresh random payment ids, so one far side can serve them all.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { type Cents, cents } from '../../core/money.ts'
import type {
  CreatedPayment,
  CreatePaymentRequest,
  Creditor,
  Outcome,
  PaymentProvider,
  PaymentRef,
} from '../../ports/payment-provider.port.ts'

export type ProviderHarness = {
  readonly provider: PaymentProvider
  readonly creditor: Creditor
  /** The far side's "now" (due dates are set relative to it). */
  readonly now: () => Date
  /** Pays the payment at the intermediary, as a citizen would (e.g. the simulator's script hook). */
  readonly payAtProvider: (ref: PaymentRef) => Promise<void>
  /** Loads a URL as a browser would (GET), e.g. the checkout page. */
  readonly openPage: (url: string) => Promise<Response>
  /** How many payments exist at the far side (to prove a repeated create adds none). */
  readonly countAtProvider: () => Promise<number>
  /** The same provider with wrong credentials. */
  readonly withBadCredentials: () => PaymentProvider
  /** A provider with a short timeout against a far side slower than it. */
  readonly slow: () => PaymentProvider
  /** When the provider issues notice numbers, checks one (pagoPA: mod-93 valid). */
  readonly isValidNoticeCode?: (code: string) => boolean
}

export type ContractCase =
  | 'create'
  | 'read'
  | 'idempotent-create'
  | 'pay'
  | 'checkout'
  | 'cancel'
  | 'cancel-paid'
  | 'bad-credentials'
  | 'timeout'

export type PaymentProviderContractOptions = {
  readonly name: string
  readonly make: () => Promise<ProviderHarness>
  /** Cases this provider cannot run, each with the reason. */
  readonly skip?: Partial<Record<ContractCase, { readonly reason: string }>>
}

const DAY = 24 * 60 * 60 * 1000

export function sampleRequest(
  h: Pick<ProviderHarness, 'creditor' | 'now'>,
  over: Partial<CreatePaymentRequest> = {},
): CreatePaymentRequest {
  const amount: Cents = cents(12050)
  return {
    paymentId: crypto.randomUUID(),
    creditor: h.creditor,
    amount,
    currency: 'EUR',
    reason: 'TARI 2026 rata unica',
    dueAt: new Date(h.now().getTime() + 30 * DAY),
    payer: { kind: 'human', taxId: 'RSSMRA85T10A562S', name: 'Mario', familyName: 'Rossi', email: 'mario.rossi@example.it', country: 'IT' },
    transfers: [
      {
        amount,
        beneficiaryTaxId: h.creditor.taxId,
        iban: 'IT60X0542811101000000123456',
        category: '9/0101108TS/',
        remittance: 'TARI 2026',
      },
    ],
    ...over,
  }
}

/** The value of an ok outcome, or a failed expectation that shows the whole outcome. */
export function okValue<T>(o: Outcome<T>): T {
  if (o.kind !== 'ok') expect.fail(`expected ok, got ${o.kind}: ${o.reason}`)
  return o.value
}

const refOf = (h: ProviderHarness, created: CreatedPayment): PaymentRef => ({
  providerRef: created.providerRef,
  creditor: h.creditor,
  noticeCode: created.noticeCode,
})

export function runPaymentProviderContract({ name, make, skip = {} }: PaymentProviderContractOptions) {
  const test = (c: ContractCase, title: string, fn: () => Promise<void>) => {
    const s = skip[c]
    if (s) it.skip(`${title} (skipped: ${s.reason})`, fn)
    else it(title, fn)
  }

  async function created(h: ProviderHarness, over: Partial<CreatePaymentRequest> = {}) {
    const c = okValue(await h.provider.create(sampleRequest(h, over)))
    return { created: c, ref: refOf(h, c) }
  }

  describe(`PaymentProvider contract: ${name}`, () => {
    test('create', 'creates a payable payment and returns its reference', async () => {
      const h = await make()
      const { created: c } = await created(h)
      expect(c.providerRef).toEqual(expect.any(String))
      expect(c.providerRef.length).toBeGreaterThan(0)
      if (h.isValidNoticeCode) {
        expect(c.noticeCode).toEqual(expect.any(String))
        expect(h.isValidNoticeCode(c.noticeCode ?? '')).toBe(true)
      }
    })

    test('read', 'reads a new payment as pending, with no payment date or transaction yet', async () => {
      const h = await make()
      const { ref } = await created(h)
      const p = okValue(await h.provider.read(ref))
      expect(p).toMatchObject({ status: 'pending', paidAt: null, transactionId: null })
      expect(p.rawStatus).toEqual(expect.any(String))
    })

    test('idempotent-create', 'a repeated create for the same payment id returns the same reference and creates nothing', async () => {
      const h = await make()
      const req = sampleRequest(h)
      const first = okValue(await h.provider.create(req))
      const count = await h.countAtProvider()
      const second = okValue(await h.provider.create(req))
      expect(second).toEqual(first)
      expect(await h.countAtProvider()).toBe(count)
    })

    test('pay', 'shows a payment made at the intermediary as paid, with when and the transaction id', async () => {
      const h = await make()
      const { ref } = await created(h)
      await h.payAtProvider(ref)
      const p = okValue(await h.provider.read(ref))
      expect(p.status).toBe('paid')
      expect(p.paidAt).toBeInstanceOf(Date)
      expect(Number.isNaN(p.paidAt?.getTime())).toBe(false)
      expect(p.transactionId).toEqual(expect.any(String))
      expect(p.transactionId?.length).toBeGreaterThan(0)
    })

    test('checkout', 'returns a checkout URL whose page loads', async () => {
      const h = await make()
      const { ref } = await created(h)
      const out = okValue(
        await h.provider.checkout({
          ref,
          amount: cents(12050),
          reason: 'TARI 2026 rata unica',
          payerEmail: 'mario.rossi@example.it',
          returnUrls: {
            ok: 'https://comune.example.it/ok',
            cancel: 'https://comune.example.it/cancel',
            error: 'https://comune.example.it/ko',
          },
        }),
      )
      expect(() => new URL(out.url)).not.toThrow()
      const page = await h.openPage(out.url)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-type') ?? '').toMatch(/text\/html/)
    })

    test('cancel', 'cancels an unpaid payment, which then reads as canceled', async () => {
      const h = await make()
      const { ref } = await created(h)
      expect((await h.provider.cancel(ref)).kind).toBe('ok')
      expect(okValue(await h.provider.read(ref)).status).toBe('canceled')
    })

    test('cancel-paid', 'declines to cancel a paid payment, which stays paid', async () => {
      const h = await make()
      const { ref } = await created(h)
      await h.payAtProvider(ref)
      expect((await h.provider.cancel(ref)).kind).toBe('declined')
      expect(okValue(await h.provider.read(ref)).status).toBe('paid')
    })

    test('bad-credentials', 'reports wrong credentials as auth, on writes and reads', async () => {
      const h = await make()
      const { ref } = await created(h)
      const bad = h.withBadCredentials()
      expect((await bad.create(sampleRequest(h))).kind).toBe('auth')
      expect((await bad.read(ref)).kind).toBe('auth')
    })

    test('timeout', 'reports a timeout as unknown, never as a failure', async () => {
      const h = await make()
      const slow = h.slow()
      expect((await slow.create(sampleRequest(h))).kind).toBe('unknown')
    })
  })
}
