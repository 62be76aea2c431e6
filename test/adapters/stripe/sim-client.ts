/**
 * The Stripe simulator alone, for its own tests (prices, SEPA on payment Sessions, pushed webhooks):
 * mounted under `/sandbox/stripe` on a fixed clock, a form-encoding v1 client with the sandbox key,
 * and a fake receiver standing in for the webhook endpoints (it records every POST and answers
 * what the test tells it to).
 * @module
 */

import Stripe from 'stripe'
import { SANDBOX_STRIPE, type StripeSimOptions, stripeSimulator } from '../../../sandbox/stripe/index.ts'
import { mountSimulator, SIM_ORIGIN } from '../sim-harness.ts'

export const SIM_BASE = `${SIM_ORIGIN}/sandbox/stripe`
export const HOOK_URL = 'https://gateway.test/billing/webhook'

export type Received = { readonly url: string; readonly signature: string; readonly body: string; readonly at: Date }
type Json = Record<string, unknown>

export function stripeSim(o: Omit<StripeSimOptions, 'clock' | 'callbackFetch'> = {}) {
  const received: Received[] = []
  /** What the receiver answers (default 200); a test swaps it to fail deliveries. */
  let answer: (r: Received) => Promise<Response> | Response = () => new Response('ok')
  let now = () => new Date()
  const receiver = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    const r = { url: req.url, signature: req.headers.get('stripe-signature') ?? '', body: await req.text(), at: now() }
    received.push(r)
    return answer(r)
  }) as typeof fetch
  const s = mountSimulator('stripe', (clock) => stripeSimulator({ clock, callbackFetch: receiver, ...o }))
  now = s.clock

  /** A v1 call with the sandbox key; `form` pairs are sent form-encoded, in order. */
  const api = async (method: string, path: string, form?: ReadonlyArray<readonly [string, string]>) => {
    const res = await s.simFetch(`${SIM_BASE}${path}`, {
      method,
      headers: { authorization: `Bearer ${SANDBOX_STRIPE.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      ...(form ? { body: new URLSearchParams(form.map(([k, v]) => [k, v])).toString() } : {}),
    })
    return { status: res.status, json: (await res.json()) as Json }
  }
  /** A script hook or control call (no auth). */
  const hook = async (method: string, path: string, body?: unknown) => {
    const res = await s.simFetch(`${SIM_BASE}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    })
    return { status: res.status, json: (await res.json()) as Json }
  }
  /** A payment Session of 150,00 € offering `methods`. */
  const session = async (methods: readonly string[] = ['card', 'sepa_debit'], line?: ReadonlyArray<readonly [string, string]>) => {
    const r = await api('POST', '/v1/checkout/sessions', [
      ['mode', 'payment'],
      ['success_url', 'https://comune.example.it/ok?s={CHECKOUT_SESSION_ID}'],
      ['cancel_url', 'https://comune.example.it/ko'],
      ...(line ?? [
        ['line_items[0][price_data][currency]', 'eur'],
        ['line_items[0][price_data][unit_amount]', '15000'],
        ['line_items[0][price_data][product_data][name]', 'Pacchetto Onboarding #1'],
        ['line_items[0][quantity]', '1'],
      ]),
      ...methods.map((m, i) => [`allowed_payment_method_types[${i}]`, m] as const),
      ['metadata[tenant]', 't1'],
    ])
    if (r.status !== 200) throw new Error(`session create: ${r.status} ${JSON.stringify(r.json)}`)
    return String(r.json['id'])
  }
  const eventTypes = async (sessionId: string) => (await s.sim.control.events(sessionId)).map((e) => e.type)
  return {
    ...s,
    api,
    hook,
    session,
    eventTypes,
    received,
    answerWith: (f: typeof answer) => {
      answer = f
    },
  }
}

const stripe = new Stripe('sk_test_unused_by_verification')
const subtle = Stripe.createSubtleCryptoProvider()

/** Verifies a delivery with the official SDK, as the gateway will: throws unless signed with `secret`. */
export const verifyWithSdk = (r: Received, secret: string) =>
  stripe.webhooks.constructEventAsync(r.body, r.signature, secret, 300, subtle, r.at.getTime())
