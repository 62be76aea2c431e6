/**
 * The payment-mode Checkout Sessions the Stripe simulator holds, their PaymentIntent once paid,
 * and the events Stripe would have emitted for each (webhooks.ts signs them, deliveries.ts pushes
 * them). Card payments succeed at once; a SEPA Direct Debit completes the Session `unpaid` with its
 * PaymentIntent `processing` until settled (`checkout.session.async_payment_succeeded` / `_failed`).
 * Sessions expire lazily once `expires_at` has passed.
 * @module
 */

import type { StripeIds } from './ids.ts'
import type { PayMethod, Session, SimEvent } from './session.ts'
import { TEST_CARD, TEST_IBAN } from './session.ts'
import { intentView, sessionView } from './session-views.ts'

type Json = Record<string, unknown>

export type { Intent, PayMethod, Session, SimEvent } from './session.ts'

export type CheckoutState = ReturnType<typeof checkoutState>

/** `onEvent` hears every event as it is emitted (deliveries.ts queues it for the webhook endpoints). */
export function checkoutState({ nowS, rid }: StripeIds, onEvent: (e: SimEvent) => void = () => {}) {
  const sessions = new Map<string, Session>()
  const events = new Map<string, SimEvent[]>() // by session id

  function emit(s: Session, type: string, object: Json) {
    const e = { id: rid('evt_'), type, created: nowS(), object, account: s.account }
    const list = events.get(s.id) ?? []
    list.push(e)
    events.set(s.id, list)
    onEvent(e)
  }
  const pi = (s: Session) => intentView(s, []) ?? {}
  function refresh(s: Session): Session {
    if (s.status === 'open' && nowS() >= s.expires_at) {
      s.status = 'expired'
      emit(s, 'checkout.session.expired', sessionView(s))
    }
    return s
  }

  return {
    view: sessionView,
    size: () => sessions.size,
    all: () => [...sessions.values()].map(refresh),
    /** The Sessions of one account, newest first. */
    ofAccount: (account: string) =>
      [...sessions.values()]
        .filter((s) => s.account === account)
        .map(refresh)
        .reverse(),
    add: (s: Session) => sessions.set(s.id, s),
    find: (id: string | undefined) => {
      const s = id ? sessions.get(id) : undefined
      return s ? refresh(s) : undefined
    },
    events: (sessionId: string): readonly SimEvent[] => events.get(sessionId) ?? [],
    expire: (s: Session) => {
      s.status = 'expired'
      emit(s, 'checkout.session.expired', sessionView(s))
    },
    /**
     * The customer pays (false when the Session is not open). By card: complete and paid at once.
     * By SEPA Direct Debit (with this IBAN): complete but `unpaid`, the PaymentIntent `processing`.
     */
    pay: (s: Session, type: PayMethod = 'card', iban: string = TEST_IBAN): boolean => {
      if (refresh(s).status !== 'open') return false
      const t = nowS()
      const card = type === 'card'
      s.status = 'complete'
      s.payment_status = card ? 'paid' : 'unpaid'
      s.payment_intent = {
        id: rid('pi_'),
        created: t,
        status: card ? 'succeeded' : 'processing',
        method: card
          ? { id: rid('pm_'), type, ...TEST_CARD, mandate: null }
          : { id: rid('pm_'), type, last4: iban.slice(-4), country: iban.slice(0, 2), mandate: rid('mandate_') },
        charge: { id: rid(card ? 'ch_' : 'py_'), created: t, status: card ? 'succeeded' : 'pending' },
        last_payment_error: null,
      }
      emit(s, 'checkout.session.completed', sessionView(s))
      emit(s, card ? 'payment_intent.succeeded' : 'payment_intent.processing', pi(s))
      return true
    },
    /** The bank settles a SEPA debit: false unless its PaymentIntent is `processing`. */
    settle: (s: Session, outcome: 'succeeded' | 'failed'): boolean => {
      const intent = s.payment_intent
      if (intent?.status !== 'processing') return false
      if (outcome === 'succeeded') {
        intent.status = 'succeeded'
        intent.charge.status = 'succeeded'
        s.payment_status = 'paid'
        emit(s, 'payment_intent.succeeded', pi(s))
        emit(s, 'checkout.session.async_payment_succeeded', sessionView(s))
      } else {
        intent.status = 'requires_payment_method'
        intent.charge.status = 'failed'
        intent.last_payment_error = { type: 'card_error', code: 'insufficient_funds', message: 'The account has insufficient funds.' }
        emit(s, 'payment_intent.payment_failed', pi(s))
        emit(s, 'checkout.session.async_payment_failed', sessionView(s))
      }
      return true
    },
  }
}
