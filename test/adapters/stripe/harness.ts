/**
 * The Stripe simulator in-process, mounted under `/sandbox/stripe` as the sandbox does, and Stripe
 * adapters wired to it through a fetch that skips only the socket. The gateway always passes return
 * URLs on create (Stripe fixes them there); the contract's sample request has none, so the harness
 * adds them, as core/use-cases/payments.ts does.
 * @module
 */

import { createStripeAdapter, type StripeConfig } from '../../../adapters/stripe/index.ts'
import type { PaymentProvider, PaymentRef } from '../../../ports/payment-provider.port.ts'
import {
  DECLINED_TEST_CARD,
  SANDBOX_STRIPE,
  SIM_DECLINE_HEADER,
  signStripePayload,
  stripeSimulator,
} from '../../../sandbox/stripe/index.ts'
import type { SignedDelivery, SignOptions } from '../../contract/payment-provider.contract.ts'
import { CREDITOR, mountSimulator, SIM_ORIGIN, SIM_START, type SimSide, simProviderHarness } from '../sim-harness.ts'

export { CREDITOR }
export const SIM_BASE = `${SIM_ORIGIN}/sandbox/stripe`

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

/** The adapter's config against a mounted Stripe simulator (the payment and the mandate harness share it). */
export const simConfig = (s: SimSide, over: Partial<StripeConfig> = {}): StripeConfig => ({
  baseUrl: s.base,
  secretKey: SANDBOX_STRIPE.secretKey,
  webhookSecret: SANDBOX_STRIPE.webhookSecret,
  fetch: s.simFetch,
  clock: s.clock,
  ...over,
})

export function simHarness(over: Partial<StripeConfig> = {}, start = SIM_START) {
  const s = mountSimulator('stripe', (clock) => stripeSimulator({ clock }), { start })
  const { clock, sim, app, simFetch, withHeaders, delayed, hook } = s
  const config = simConfig(s, over)
  const adapter = (o: Partial<StripeConfig> = {}) => createStripeAdapter({ ...config, ...o })
  const payAtProvider = (ref: PaymentRef) => hook(`${SIM_BASE}/test/sessions/${ref.providerRef}/pay`, 'pay')
  /** The signed webhook deliveries the simulator has for a Session. */
  const events = async (sessionId: string) => {
    const res = await simFetch(`${SIM_BASE}/sandbox-events/${sessionId}`)
    const body = (await res.json()) as { data: Array<{ id: string; type: string; payload: string; header: string }> }
    return body.data
  }
  /** Pays with the card the simulator declines: it must answer 402. */
  const declineAttempt = (ref: PaymentRef) =>
    hook(`${SIM_BASE}/test/sessions/${ref.providerRef}/pay?card=${DECLINED_TEST_CARD}`, 'decline the card', 402)
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
  const returning = (o: Partial<StripeConfig> = {}) => withReturnUrls(adapter(o))
  const harness = simProviderHarness(s, returning, {
    payAtProvider,
    countAtProvider: async () => sim.control.sessions().length,
    withBadCredentials: () => returning({ secretKey: 'sk_test_not_the_key' }),
    declining: () => returning({ fetch: withHeaders({ [SIM_DECLINE_HEADER]: '1' }) }),
    declineAttempt,
    signedWebhook,
  })
  return { clock, sim, app, simFetch, adapter, delayed, events, harness }
}
