/**
 * The payment-mode Checkout Sessions the Stripe simulator holds, their PaymentIntent once paid,
 * and the events Stripe would have emitted for each (webhooks.ts signs them). Sessions expire
 * lazily once `expires_at` has passed.
 * @module
 */

import type { StripeIds } from './ids.ts'

type Json = Record<string, unknown>

export type Session = {
  id: string
  created: number
  expires_at: number
  status: 'open' | 'complete' | 'expired'
  payment_status: 'unpaid' | 'paid'
  amount_total: number
  currency: string
  name: string
  success_url: string
  cancel_url: string | null
  client_reference_id: string | null
  customer_email: string | null
  metadata: Record<string, string>
  pi_metadata: Record<string, string>
  methods: string[]
  url: string
  payment_intent: Intent | null
}
type Intent = { id: string; created: number; status: 'succeeded'; charge: { id: string; created: number } }
export type SimEvent = { id: string; type: string; created: number; object: Json }

export type CheckoutState = ReturnType<typeof checkoutState>

export function checkoutState({ nowS, rid }: StripeIds) {
  const sessions = new Map<string, Session>()
  const events = new Map<string, SimEvent[]>() // by session id

  const intentView = (s: Session, expandCharge: boolean): Json | null =>
    s.payment_intent && {
      id: s.payment_intent.id,
      object: 'payment_intent',
      amount: s.amount_total,
      currency: s.currency,
      created: s.payment_intent.created,
      status: s.payment_intent.status,
      metadata: s.pi_metadata,
      latest_charge: expandCharge
        ? { id: s.payment_intent.charge.id, object: 'charge', created: s.payment_intent.charge.created, status: 'succeeded', paid: true }
        : s.payment_intent.charge.id,
    }
  /** The `checkout.session` object, with `payment_intent` (and its `latest_charge`) expanded on request. */
  const view = (s: Session, expand: readonly string[] = []): Json => ({
    id: s.id,
    object: 'checkout.session',
    mode: 'payment',
    livemode: false,
    created: s.created,
    expires_at: s.expires_at,
    status: s.status,
    payment_status: s.payment_status,
    amount_subtotal: s.amount_total,
    amount_total: s.amount_total,
    currency: s.currency,
    success_url: s.success_url,
    cancel_url: s.cancel_url,
    client_reference_id: s.client_reference_id,
    customer_email: s.customer_email,
    metadata: s.metadata,
    allowed_payment_method_types: s.methods,
    payment_method_types: s.methods,
    url: s.status === 'open' ? s.url : null,
    payment_intent: expand.includes('payment_intent')
      ? intentView(s, expand.includes('payment_intent.latest_charge'))
      : (s.payment_intent?.id ?? null),
  })

  function emit(s: Session, type: string, object: Json) {
    const list = events.get(s.id) ?? []
    list.push({ id: rid('evt_'), type, created: nowS(), object })
    events.set(s.id, list)
  }
  function refresh(s: Session): Session {
    if (s.status === 'open' && nowS() >= s.expires_at) {
      s.status = 'expired'
      emit(s, 'checkout.session.expired', view(s))
    }
    return s
  }

  return {
    view,
    size: () => sessions.size,
    all: () => [...sessions.values()].map(refresh),
    add: (s: Session) => sessions.set(s.id, s),
    find: (id: string | undefined) => {
      const s = id ? sessions.get(id) : undefined
      return s ? refresh(s) : undefined
    },
    events: (sessionId: string): readonly SimEvent[] => events.get(sessionId) ?? [],
    expire: (s: Session) => {
      s.status = 'expired'
      emit(s, 'checkout.session.expired', view(s))
    },
    /** The customer pays: the Session completes with a succeeded PaymentIntent; false when it is not open. */
    pay: (s: Session): boolean => {
      if (refresh(s).status !== 'open') return false
      const t = nowS()
      s.status = 'complete'
      s.payment_status = 'paid'
      s.payment_intent = { id: rid('pi_'), created: t, status: 'succeeded', charge: { id: rid('ch_'), created: t } }
      emit(s, 'checkout.session.completed', view(s))
      emit(s, 'payment_intent.succeeded', intentView(s, false) ?? {})
      return true
    },
  }
}
