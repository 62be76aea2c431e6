/**
 * Stripe SEPA Direct Debit mandates as a MandateProvider (providers.md §1.4): a Customer plus a
 * Checkout Session in `mode=setup` limited to `sepa_debit`, whose hosted page is where the customer
 * types the IBAN and accepts the mandate; Checkout then creates the SetupIntent, the PaymentMethod and
 * the Mandate. Charges are PaymentIntents with `off_session=true, confirm=true` on that PaymentMethod
 * and Mandate. Every POST carries an Idempotency-Key derived from our ids (§1.3).
 * https://docs.stripe.com/payments/sepa-debit/set-up-payment?platform=checkout
 * @module
 */

import type {
  ChargeRequest,
  CreatedCharge,
  CreatedMandate,
  CreateMandateRequest,
  MandateProvider,
  ProviderMandate,
} from '../../ports/mandate-provider.port.ts'
import type { Outcome } from '../../ports/payment-provider.port.ts'
import { present, refuseChargeRequest, refuseMandateRequest } from '../shared/mandate-request.ts'
import { invalid, ok } from '../shared/outcome.ts'
import { toStripeAmount } from './amount.ts'
import { createStripeClient, readSent } from './client.ts'
import type { StripeConfig } from './index.ts'
import {
  CHARGE_ID_KEY,
  CHARGE_REFERENCE_KEY,
  ChargeIntent,
  MANDATE_ID_KEY,
  mandateOf,
  mandateRawStatus,
  SetupSession,
  setupIntentOf,
  toChargeStatus,
  toMandateStatus,
  WireCustomer,
} from './mandate-map.ts'

/** Idempotency-Keys: stable per mandate / charge, so a retried call replays instead of duplicating (kept 24 h by Stripe). */
export const mandateCustomerKeyFor = (mandateId: string): string => `varco-mandate-customer-${mandateId}`
export const mandateSessionKeyFor = (mandateId: string): string => `varco-mandate-${mandateId}`
export const chargeKeyFor = (chargeId: string): string => `varco-charge-${chargeId}`

/** The Session is read with its SetupIntent and Mandate: the mandate's status lives there. */
const EXPAND = ['setup_intent', 'setup_intent.mandate']

/**
 * @example createStripeMandates({ baseUrl: 'https://api.stripe.com', secretKey, webhookSecret, fetch, clock })
 */
export function createStripeMandates(config: StripeConfig): MandateProvider {
  const { call } = createStripeClient(config)

  const retrieve = async (id: string) =>
    readSent(await call('GET', (s) => s.checkout.sessions.retrieve(id, { expand: EXPAND })), SetupSession, 'checkout.session')

  async function createMandate(req: CreateMandateRequest): Promise<Outcome<CreatedMandate>> {
    const refused = refuseMandateRequest(req)
    if (refused) return refused
    // The IBAN is not sent: Checkout has the customer type it on Stripe's page next to the mandate text.
    const metadata = { [MANDATE_ID_KEY]: req.mandateId }
    const customer = readSent(
      await call('POST', (s) =>
        s.customers.create(
          { name: req.customerName.slice(0, 256), email: req.customerEmail, metadata },
          { idempotencyKey: mandateCustomerKeyFor(req.mandateId) },
        ),
      ),
      WireCustomer,
      'customer',
    )
    if (customer.kind !== 'ok') return customer
    const session = readSent(
      await call('POST', (s) =>
        s.checkout.sessions.create(
          {
            mode: 'setup',
            customer: customer.value.id,
            currency: 'eur',
            allowed_payment_method_types: ['sepa_debit'],
            success_url: req.returnUrl,
            cancel_url: req.returnUrl,
            client_reference_id: req.mandateId,
            metadata,
            setup_intent_data: { metadata, ...(present(req.description) ? { description: req.description.slice(0, 500) } : {}) },
            locale: 'it',
          },
          { idempotencyKey: mandateSessionKeyFor(req.mandateId) },
        ),
      ),
      SetupSession,
      'checkout.session',
    )
    if (session.kind !== 'ok') return session
    const s = session.value
    if (!s.url) return { kind: 'unknown', reason: `Checkout Session ${s.id} has no url (${s.status ?? 'no status'})` }
    return ok({ providerRef: s.id, signUrl: s.url, status: toMandateStatus(s) })
  }

  async function readMandate(providerRef: string): Promise<Outcome<ProviderMandate>> {
    if (!present(providerRef)) return invalid('a Stripe mandate is read by its Checkout Session id')
    const got = await retrieve(providerRef)
    if (got.kind !== 'ok') return got
    return ok({ status: toMandateStatus(got.value), rawStatus: mandateRawStatus(got.value) })
  }

  async function charge(req: ChargeRequest): Promise<Outcome<CreatedCharge>> {
    const refused = refuseChargeRequest(req)
    if (refused) return refused
    const amount = toStripeAmount(req.amount)
    if (amount === null) return invalid('amount must be between 50 and 99999999 cents for Stripe')
    if (!present(req.mandateRef)) return invalid('mandateRef is empty')
    const got = await retrieve(req.mandateRef)
    if (got.kind !== 'ok') return got
    const status = toMandateStatus(got.value)
    // A mandate that is not active is refused here, before anything reaches Stripe. Known gap: a retry
    // whose first answer was lost *and* whose mandate was revoked in between is declined too; the
    // debit made by the first attempt is then found by its metadata (varco_charge_id), not here.
    if (status !== 'active') return { kind: 'declined', reason: `mandate ${req.mandateRef} is ${status} (${mandateRawStatus(got.value)})` }
    const si = setupIntentOf(got.value)
    const mandate = si ? mandateOf(si) : null
    const customer = si?.customer ?? got.value.customer
    if (!si?.payment_method || !mandate || !customer)
      return { kind: 'unknown', reason: `Checkout Session ${got.value.id} has no payment method or mandate` }
    const pi = readSent(
      await call('POST', (s) =>
        s.paymentIntents.create(
          {
            amount,
            currency: 'eur',
            customer,
            payment_method: si.payment_method ?? '',
            mandate: mandate.id,
            allowed_payment_method_types: ['sepa_debit'],
            off_session: true,
            confirm: true,
            ...(present(req.description) ? { description: req.description.slice(0, 1000) } : {}),
            metadata: { [CHARGE_ID_KEY]: req.chargeId, [CHARGE_REFERENCE_KEY]: req.reference.slice(0, 500) },
          },
          { idempotencyKey: chargeKeyFor(req.chargeId) },
        ),
      ),
      ChargeIntent,
      'payment_intent',
    )
    if (pi.kind !== 'ok') return pi
    // Confirmed and already back at requires_payment_method: the debit was refused at once.
    if (pi.value.status === 'requires_payment_method') {
      const e = pi.value.last_payment_error
      return { kind: 'declined', reason: `PaymentIntent ${pi.value.id}: ${[e?.code, e?.message].filter(Boolean).join(' ') || 'refused'}` }
    }
    return ok({ providerRef: pi.value.id, status: toChargeStatus(pi.value), rawStatus: pi.value.status })
  }

  async function readCharge(providerRef: string): Promise<Outcome<CreatedCharge>> {
    if (!present(providerRef)) return invalid('a Stripe charge is read by its PaymentIntent id')
    const pi = readSent(await call('GET', (s) => s.paymentIntents.retrieve(providerRef)), ChargeIntent, 'payment_intent')
    if (pi.kind !== 'ok') return pi
    return ok({ providerRef: pi.value.id, status: toChargeStatus(pi.value), rawStatus: pi.value.status })
  }

  return { name: 'stripe', createMandate, readMandate, charge, readCharge }
}
