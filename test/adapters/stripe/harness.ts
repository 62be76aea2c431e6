/**
 * The Stripe simulator in-process, mounted under `/sandbox/stripe` as the sandbox does, and Stripe
 * adapters wired to it through a fetch that skips only the socket. The gateway always passes return
 * URLs on create (Stripe fixes them there); the contract's sample request has none, so the harness
 * adds them, as core/use-cases/payments.ts does.
 * @module
 */

import { Hono } from 'hono'
import { createStripeAdapter, type StripeConfig } from '../../../adapters/stripe/index.ts'
import type { Creditor, PaymentProvider, PaymentRef } from '../../../ports/payment-provider.port.ts'
import {
  DECLINED_TEST_CARD,
  SANDBOX_STRIPE,
  SIM_DECLINE_HEADER,
  SIM_DELAY_HEADER,
  signStripePayload,
  stripeSimulator,
} from '../../../sandbox/stripe/index.ts'
import type { ProviderHarness, SignedDelivery, SignOptions } from '../../contract/payment-provider.contract.ts'
import { fixedClock } from '../../fakes/clock.fake.ts'

export const SIM_BASE = 'http://sim.test/sandbox/stripe'

export const CREDITOR: Creditor = { tenantId: 'tenant-pisa', taxId: '00341620508', name: 'Comune di Pisa' }

export const RETURN_URLS = {
  ok: 'https://comune.example.it/landing/p?outcome=ok',
  cancel: 'https://comune.example.it/landing/p?outcome=cancel',
  error: 'https://comune.example.it/landing/p?outcome=error',
}

/** The provider with return URLs added to creates that have none. */
export const withReturnUrls = (p: PaymentProvider): PaymentProvider => ({
  ...p,
  create: (req) => p.create(req.returnUrls ? req : { ...req, returnUrls: RETURN_URLS }),
})

export function simHarness(over: Partial<StripeConfig> = {}, start = '2026-11-23T10:00:00.000Z') {
  const clock = fixedClock(start)
  const sim = stripeSimulator({ clock })
  const app = new Hono()
  app.route('/sandbox/stripe', sim.app)
  const simFetch = ((input: RequestInfo | URL, init?: RequestInit) => app.fetch(new Request(input, init))) as typeof fetch
  const config: StripeConfig = {
    baseUrl: SIM_BASE,
    secretKey: SANDBOX_STRIPE.secretKey,
    webhookSecret: SANDBOX_STRIPE.webhookSecret,
    fetch: simFetch,
    clock,
    ...over,
  }
  const adapter = (o: Partial<StripeConfig> = {}) => createStripeAdapter({ ...config, ...o })
  /** A fetch that adds simulator hook headers to every request. */
  const withHeaders = (headers: Record<string, string>) =>
    ((input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init)
      for (const [k, v] of Object.entries(headers)) req.headers.set(k, v)
      return app.fetch(req)
    }) as typeof fetch
  /** A fetch that asks the simulator to wait `ms` before answering. */
  const delayed = (ms: number) => withHeaders({ [SIM_DELAY_HEADER]: String(ms) })
  const payAtProvider = async (ref: PaymentRef) => {
    const res = await simFetch(`${SIM_BASE}/test/sessions/${ref.providerRef}/pay`, { method: 'POST' })
    if (res.status !== 200) throw new Error(`simulator refused to pay: ${res.status} ${await res.text()}`)
  }
  /** The signed webhook deliveries the simulator has for a Session. */
  const events = async (sessionId: string) => {
    const res = await simFetch(`${SIM_BASE}/sandbox-events/${sessionId}`)
    const body = (await res.json()) as { data: Array<{ id: string; type: string; payload: string; header: string }> }
    return body.data
  }
  const declineAttempt = async (ref: PaymentRef) => {
    const res = await simFetch(`${SIM_BASE}/test/sessions/${ref.providerRef}/pay?card=${DECLINED_TEST_CARD}`, { method: 'POST' })
    if (res.status !== 402) throw new Error(`the simulator did not decline the card: ${res.status} ${await res.text()}`)
  }
  /**
   * `paid`: the Session's `checkout.session.completed`, as the simulator emitted it. `pending`: the
   * `payment_intent.created` Stripe sends before it (the simulator's intent, as it was before paying).
   * Either is (re-)signed with the simulator's signer at `at`.
   */
  const signedWebhook = async (ref: PaymentRef, event: 'paid' | 'pending', o: SignOptions = {}): Promise<SignedDelivery> => {
    const list = await events(ref.providerRef)
    const type = event === 'paid' ? 'checkout.session.completed' : 'payment_intent.succeeded'
    const found = list.find((e) => e.type === type)
    if (!found) throw new Error(`the simulator has no ${type} for ${ref.providerRef}`)
    let rawBody = found.payload
    if (event === 'pending') {
      const e = JSON.parse(found.payload) as { created: number; data: { object: Record<string, unknown> } }
      const intent = { ...e.data.object, status: 'requires_payment_method', latest_charge: null }
      const created = { ...e, id: `evt_${crypto.randomUUID().replaceAll('-', '')}`, type: 'payment_intent.created', created: e.created - 1 }
      rawBody = JSON.stringify({ ...created, data: { object: intent } }, null, 2)
    }
    const t = Math.floor((o.at ?? clock()).getTime() / 1000)
    const header = await signStripePayload(rawBody, o.secret ?? SANDBOX_STRIPE.webhookSecret, t)
    return { rawBody, headers: { 'content-type': 'application/json', 'stripe-signature': header } }
  }
  const harness: ProviderHarness = {
    provider: withReturnUrls(adapter()),
    creditor: CREDITOR,
    now: clock,
    payAtProvider,
    openPage: (url) => simFetch(url),
    countAtProvider: async () => sim.control.sessions().length,
    withBadCredentials: () => withReturnUrls(adapter({ secretKey: 'sk_test_not_the_key' })),
    slow: () => withReturnUrls(adapter({ fetch: delayed(200), timeoutMs: 20 })),
    declining: () => withReturnUrls(adapter({ fetch: withHeaders({ [SIM_DECLINE_HEADER]: '1' }) })),
    declineAttempt,
    signedWebhook,
  }
  return { clock, sim, app, simFetch, adapter, delayed, events, harness }
}
