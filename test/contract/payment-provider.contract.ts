/**
 * The PaymentProvider contract: every intermediary adapter (against its simulator, fake or recorded
 * fixtures) passes these cases. Runtime-neutral (no node: imports), so the same suite can run in
 * Node and workerd. Cases use fresh random payment ids, so one far side can serve them all.
 * Besides create/read/pay/cancel: business refusals (`declined`, `declined-attempt`) and, for
 * intermediaries that push, webhooks (signature, tampering, staleness, replay and order), the last
 * two also through the real use case (core/use-cases/provider-webhook.ts) over the in-memory fakes.
 * @module
 */

import { describe, expect } from 'vitest'
import { type Cents, cents } from '../../core/money.ts'
import type {
  CreatedPayment,
  CreatePaymentRequest,
  Creditor,
  Outcome,
  PaymentProvider,
  PaymentRef,
  WebhookInput,
} from '../../ports/payment-provider.port.ts'
import { throughUseCase } from '../fakes/provider-webhook.fake.ts'
import { caseRunner, type Skip, type Skips, skipAll } from './matrix.ts'

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
  /**
   * The same provider against a far side that refuses every create for a business reason, with the
   * refusal the intermediary documents (Stripe: 402 card_declined; pagoPA: every IUV taken; OnPay:
   * the circuit's refusal text). Needed by the `declined` case.
   */
  readonly declining?: () => PaymentProvider
  /** The payer's attempt is refused at the intermediary (a declined card). Needed by `declined-attempt`. */
  readonly declineAttempt?: (ref: PaymentRef) => Promise<void>
  /**
   * A webhook delivery about `ref` signed as the intermediary signs it (the simulator's signer):
   * `paid` is the event of the payment (after `payAtProvider`), `pending` an earlier event of the same
   * payment that says nothing is paid yet. Signed at `at` (default: now) with `secret` (default: the
   * right one). Needed by the webhook cases; only providers with `verifyWebhook` have it.
   */
  readonly signedWebhook?: (ref: PaymentRef, event: 'paid' | 'pending', opts?: SignOptions) => Promise<SignedDelivery>
}

export type SignOptions = { readonly at?: Date; readonly secret?: string }
/** A delivery as it arrives: the raw body and the headers (names in lower case). */
export type SignedDelivery = { readonly rawBody: string; readonly headers: Readonly<Record<string, string>> }

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
  | 'methods'
  | 'declined'
  | 'declined-attempt'
  | WebhookCase

export type WebhookCase =
  | 'webhook-good'
  | 'webhook-bad-signature'
  | 'webhook-tampered'
  | 'webhook-stale'
  | 'webhook-replay'
  | 'webhook-out-of-order'

const WEBHOOK_CASES: readonly WebhookCase[] = [
  'webhook-good',
  'webhook-bad-signature',
  'webhook-tampered',
  'webhook-stale',
  'webhook-replay',
  'webhook-out-of-order',
]

/** Skips for every webhook case, for intermediaries that push nothing (pagoPA, OnPay). */
export const webhookSkips = (reason: string): Record<WebhookCase, Skip> => skipAll(WEBHOOK_CASES, reason)

export type PaymentProviderContractOptions = {
  readonly name: string
  readonly make: () => Promise<ProviderHarness>
  /** Cases this provider cannot run, each with the reason. */
  readonly skip?: Skips<ContractCase>
}

const DAY = 24 * 60 * 60 * 1000
const MINUTE = 60 * 1000

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

/** A harness hook the case needs, or a failed expectation naming it. */
function need<T>(hook: T | undefined, name: string): T {
  if (hook === undefined) expect.fail(`the harness has no ${name}: implement it, or skip the case with a reason`)
  return hook
}

const input = (d: SignedDelivery, receivedAt: Date): WebhookInput => ({ rawBody: d.rawBody, headers: d.headers, receivedAt })

export function runPaymentProviderContract({ name, make, skip = {} }: PaymentProviderContractOptions) {
  const test = caseRunner(skip)

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

    test('methods', 'lists its ways to pay: at least one, unique ids, labelled, exactly one recommended', async () => {
      const h = await make()
      expect(h.provider.methods, 'every adapter lists its methods').toBeTypeOf('function')
      const list = okValue(await (h.provider.methods?.() ?? Promise.reject(new Error('no methods()'))))
      expect(list.length).toBeGreaterThan(0)
      expect(new Set(list.map((m) => m.id)).size).toBe(list.length)
      for (const m of list) expect(m.label.trim().length).toBeGreaterThan(0)
      expect(list.filter((m) => m.recommended)).toHaveLength(1)
    })

    test('timeout', 'reports a timeout as unknown, never as a failure', async () => {
      const h = await make()
      const slow = h.slow()
      expect((await slow.create(sampleRequest(h))).kind).toBe('unknown')
    })

    test(
      'declined',
      'reports a business refusal of a create as declined (not retryable, not unknown), with nothing payable left',
      async () => {
        const h = await make()
        const declining = need(h.declining, 'declining()')()
        const before = await h.countAtProvider()
        const out = await declining.create(sampleRequest(h))
        if (out.kind !== 'declined') expect.fail(`expected declined, got ${out.kind}${out.kind === 'ok' ? '' : `: ${out.reason}`}`)
        expect(out.reason.length).toBeGreaterThan(0)
        expect(await h.countAtProvider()).toBe(before)
        // The refusal is about that request, not an outage: the same intermediary takes the next one.
        const { ref } = await created(h)
        expect(okValue(await h.provider.read(ref)).status).toBe('pending')
      },
    )

    test('declined-attempt', 'a payment attempt refused at the intermediary leaves the payment unpaid and still payable', async () => {
      const h = await make()
      const declineAttempt = need(h.declineAttempt, 'declineAttempt()')
      const { ref } = await created(h)
      await declineAttempt(ref)
      expect(okValue(await h.provider.read(ref))).toMatchObject({ status: 'pending', paidAt: null, transactionId: null })
      await h.payAtProvider(ref)
      expect(okValue(await h.provider.read(ref)).status).toBe('paid')
    })

    /** A paid payment and what its webhooks need. */
    async function paidWithWebhooks() {
      const h = await make()
      const verify = h.provider.verifyWebhook?.bind(h.provider)
      if (!verify) expect.fail(`${h.provider.name} has no verifyWebhook: skip the webhook cases with a reason`)
      const sign = need(h.signedWebhook, 'signedWebhook()')
      const req = sampleRequest(h)
      const c = okValue(await h.provider.create(req))
      const ref = refOf(h, c)
      await h.payAtProvider(ref)
      return { h, verify, sign, req, created: c, ref }
    }

    test('webhook-good', 'verifies a well-signed delivery into a hint naming the payment, keyed for dedupe', async () => {
      const { h, verify, sign, req, created: c, ref } = await paidWithWebhooks()
      const out = await verify(input(await sign(ref, 'paid'), h.now()))
      if (!out.ok) expect.fail(`expected a verified hint, got ${out.error.kind}: ${out.error.reason}`)
      expect(out.value.dedupeKey).toEqual(expect.any(String))
      expect(out.value.dedupeKey.length).toBeGreaterThan(0)
      // At least one of the two ways to find the payment, and whichever is given is right.
      expect(out.value.providerRef !== null || out.value.paymentId !== null).toBe(true)
      if (out.value.providerRef !== null) expect(out.value.providerRef).toBe(c.providerRef)
      if (out.value.paymentId !== null) expect(out.value.paymentId).toBe(req.paymentId)
      expect(out.value.hint).toBe('paid')
    })

    test('webhook-bad-signature', 'rejects a delivery signed with another secret, or not signed, as invalid_signature', async () => {
      const { h, verify, sign, ref } = await paidWithWebhooks()
      const forged = await sign(ref, 'paid', { secret: 'not-the-signing-secret-0000000000' })
      expect(await verify(input(forged, h.now()))).toMatchObject({ ok: false, error: { kind: 'invalid_signature' } })
      const good = await sign(ref, 'paid')
      expect(await verify(input({ rawBody: good.rawBody, headers: {} }, h.now()))).toMatchObject({
        ok: false,
        error: { kind: 'invalid_signature' },
      })
    })

    test('webhook-tampered', 'rejects a well-signed delivery whose body was changed (another payment, or one byte more)', async () => {
      const { h, verify, sign, created: c, ref } = await paidWithWebhooks()
      const good = await sign(ref, 'paid')
      expect(good.rawBody).toContain(c.providerRef)
      const other = okValue(await h.provider.create(sampleRequest(h))).providerRef
      for (const rawBody of [good.rawBody.replaceAll(c.providerRef, other), `${good.rawBody} `]) {
        expect(rawBody).not.toBe(good.rawBody)
        expect(await verify(input({ ...good, rawBody }, h.now()))).toMatchObject({ ok: false, error: { kind: 'invalid_signature' } })
      }
    })

    test('webhook-stale', 'calls a delivery signed outside the 5-minute tolerance stale, and accepts one just inside it', async () => {
      const { h, verify, sign, ref } = await paidWithWebhooks()
      const at = (ms: number) => new Date(h.now().getTime() + ms)
      const old = await sign(ref, 'paid', { at: at(-10 * MINUTE) })
      expect(await verify(input(old, h.now()))).toMatchObject({ ok: false, error: { kind: 'stale' } })
      const recent = await sign(ref, 'paid', { at: at(-4 * MINUTE) })
      expect((await verify(input(recent, h.now()))).ok).toBe(true)
      // A forged old delivery is a bad signature first: the age of an unauthenticated timestamp means nothing.
      const forgedOld = await sign(ref, 'paid', { at: at(-10 * MINUTE), secret: 'not-the-signing-secret-0000000000' })
      expect(await verify(input(forgedOld, h.now()))).toMatchObject({ ok: false, error: { kind: 'invalid_signature' } })
    })

    test(
      'webhook-replay',
      'gives a replayed delivery the same dedupe key; the use case applies it once and records one event',
      async () => {
        const { h, verify, sign, req, created: c, ref } = await paidWithWebhooks()
        const delivery = await sign(ref, 'paid')
        const first = await verify(input(delivery, h.now()))
        const second = await verify(input(delivery, new Date(h.now().getTime() + 30_000)))
        if (!first.ok || !second.ok) expect.fail('both deliveries verify')
        expect(second.value.dedupeKey).toBe(first.value.dedupeKey)

        const gw = await throughUseCase(h.provider, h.creditor, h.now, { paymentId: req.paymentId, providerRef: c.providerRef })
        const a = await gw.deliver(input(delivery, h.now()))
        expect(a).toMatchObject({ outcome: 'applied', paymentId: req.paymentId, status: 'COMPLETE' })
        const events = await gw.eventCount()
        const reads = gw.reads()
        const b = await gw.deliver(input(delivery, h.now()))
        expect(b).toMatchObject({ outcome: 'duplicate', paymentId: req.paymentId, status: 'COMPLETE' })
        expect(await gw.eventCount()).toBe(events)
        expect(gw.reads()).toBe(reads)
        expect(await gw.status()).toBe('COMPLETE')
      },
    )

    test('webhook-out-of-order', 'an older pending event delivered after paid leaves the payment paid', async () => {
      const { h, verify, sign, req, created: c, ref } = await paidWithWebhooks()
      const paid = await sign(ref, 'paid')
      const older = await sign(ref, 'pending', { at: new Date(h.now().getTime() - MINUTE) })
      const hint = await verify(input(older, h.now()))
      if (!hint.ok) expect.fail(`the older event verifies: ${hint.error.kind}: ${hint.error.reason}`)
      expect(hint.value.hint).not.toBe('paid')

      const gw = await throughUseCase(h.provider, h.creditor, h.now, { paymentId: req.paymentId, providerRef: c.providerRef })
      expect(await gw.deliver(input(paid, h.now()))).toMatchObject({ outcome: 'applied', status: 'COMPLETE' })
      const events = await gw.eventCount()
      expect(await gw.deliver(input(older, h.now()))).toMatchObject({ status: 'COMPLETE' })
      expect(await gw.status()).toBe('COMPLETE')
      expect(await gw.eventCount()).toBe(events)
    })
  })
}
