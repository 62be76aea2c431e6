/**
 * What the SEPA Direct Debit mandate slice of the Stripe simulator holds (providers.md §1.4):
 * Customers; Checkout Sessions in `mode=setup`, whose SetupIntent, PaymentMethod and Mandate appear
 * when the customer accepts; and the off-session PaymentIntents charged on those mandates.
 * @module
 */

import { DAY_S, type StripeIds } from './ids.ts'

type Json = Record<string, unknown>

export type Customer = { id: string; created: number; name: string | null; email: string | null; metadata: Record<string, string> }
export type PaymentMethod = { id: string; created: number; customer: string; last4: string; country: string; name: string | null }
export type Mandate = { id: string; status: 'active' | 'inactive' | 'pending'; payment_method: string; accepted_at: number }
export type SetupIntent = {
  id: string
  created: number
  status: 'succeeded' | 'canceled'
  customer: string
  payment_method: string | null
  mandate: string | null
  metadata: Record<string, string>
  description: string | null
}
export type SetupSession = {
  id: string
  created: number
  expires_at: number
  status: 'open' | 'complete' | 'expired'
  customer: string
  success_url: string
  cancel_url: string | null
  client_reference_id: string | null
  metadata: Record<string, string>
  si_metadata: Record<string, string>
  si_description: string | null
  methods: string[]
  url: string
  setup_intent: string | null
}
/** An off-session SEPA debit: `processing` until a script hook settles it. */
export type DebitIntent = {
  id: string
  created: number
  status: 'processing' | 'succeeded' | 'requires_payment_method'
  amount: number
  currency: string
  customer: string
  payment_method: string
  mandate: string
  description: string | null
  metadata: Record<string, string>
  charge: { id: string; created: number; status: 'pending' | 'succeeded' | 'failed' }
  last_payment_error: Json | null
}

/** The test IBAN the mandate page and the accept hook offer by default. */
export const DEFAULT_IBAN = 'DE89370400440532013000'

export type MandateState = ReturnType<typeof mandateState>

export function mandateState(ids: StripeIds) {
  const { nowS, rid } = ids
  const customers = new Map<string, Customer>()
  const sessions = new Map<string, SetupSession>()
  const setupIntents = new Map<string, SetupIntent>()
  const methods = new Map<string, PaymentMethod>()
  const mandates = new Map<string, Mandate>()
  const intents = new Map<string, DebitIntent>()

  return {
    ...ids,
    customers,
    setupIntents,
    methods,
    mandates,
    intents,
    addSession: (s: SetupSession) => sessions.set(s.id, s),
    /** A setup Session of ours, expired lazily once `expires_at` has passed. */
    session: (id: string | undefined) => {
      const s = id ? sessions.get(id) : undefined
      if (s && s.status === 'open' && nowS() >= s.expires_at) s.status = 'expired'
      return s
    },
    expiresAt: (created: number) => created + DAY_S,
    /** The customer accepts the mandate with this IBAN: PaymentMethod + active Mandate + succeeded SetupIntent. */
    accept: (s: SetupSession, iban: string): boolean => {
      if (s.status !== 'open') return false
      const t = nowS()
      const pm: PaymentMethod = {
        id: rid('pm_'),
        created: t,
        customer: s.customer,
        last4: iban.slice(-4),
        country: iban.slice(0, 2),
        name: customers.get(s.customer)?.name ?? null,
      }
      const m: Mandate = { id: rid('mandate_'), status: 'active', payment_method: pm.id, accepted_at: t }
      const si: SetupIntent = {
        id: rid('seti_'),
        created: t,
        status: 'succeeded',
        customer: s.customer,
        payment_method: pm.id,
        mandate: m.id,
        metadata: s.si_metadata,
        description: s.si_description,
      }
      methods.set(pm.id, pm)
      mandates.set(m.id, m)
      setupIntents.set(si.id, si)
      s.setup_intent = si.id
      s.status = 'complete'
      return true
    },
    /**
     * The customer refuses. At Stripe the Session would stay `open` until `expires_at` (the customer
     * only leaves through `cancel_url`); the simulator fast-forwards to that expiry.
     */
    refuse: (s: SetupSession): boolean => {
      if (s.status !== 'open') return false
      s.status = 'expired'
      return true
    },
  }
}
