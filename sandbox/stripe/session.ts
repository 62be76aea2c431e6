/** A payment-mode Checkout Session of the Stripe simulator, its PaymentIntent, and the events emitted for it. @module */

type Json = Record<string, unknown>

/** How the customer paid: the Session's methods are a subset. */
export type PayMethod = 'card' | 'sepa_debit'

export type Session = {
  id: string
  /** The account (secret key) that created it: only that account's key reads it. */
  account: string
  created: number
  expires_at: number
  status: 'open' | 'complete' | 'expired'
  payment_status: 'unpaid' | 'paid'
  amount_total: number
  currency: string
  name: string
  /** The line item: the saved Price and Product, or null for `price_data`. */
  line: { price: string | null; product: string | null; unit_amount: number; quantity: number }
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
export type Intent = {
  id: string
  created: number
  status: 'succeeded' | 'processing' | 'requires_payment_method'
  method: { id: string; type: PayMethod; last4: string; country: string; mandate: string | null }
  charge: { id: string; created: number; status: 'succeeded' | 'pending' | 'failed' }
  last_payment_error: Json | null
}
/** `account`: the account whose endpoints receive it and whose secret signs it (default: the default account). */
export type SimEvent = { id: string; type: string; created: number; object: Json; account?: string }

/** The test card the hosted page and the pay hook use, and the test IBAN of a SEPA debit (docs.stripe.com/testing). */
export const TEST_CARD = { last4: '4242', country: 'US' } as const
export const TEST_IBAN = 'DE89370400440532013000'
