/** The JSON objects of the mandate slice: customer, payment_method, mandate, setup_intent, setup-mode session, payment_intent. @module */

import type { Customer, DebitIntent, Mandate, MandateState, PaymentMethod, SetupIntent, SetupSession } from './mandate-state.ts'

type Json = Record<string, unknown>

export const customerView = (x: Customer): Json => ({
  id: x.id,
  object: 'customer',
  created: x.created,
  name: x.name,
  email: x.email,
  metadata: x.metadata,
  livemode: false,
})

const methodView = (p: PaymentMethod): Json => ({
  id: p.id,
  object: 'payment_method',
  type: 'sepa_debit',
  created: p.created,
  customer: p.customer,
  billing_details: { name: p.name },
  sepa_debit: { last4: p.last4, country: p.country, bank_code: null, branch_code: null, fingerprint: `fp_${p.id.slice(-8)}` },
})

export const mandateView = (m: Mandate): Json => ({
  id: m.id,
  object: 'mandate',
  status: m.status,
  type: 'multi_use',
  multi_use: {},
  payment_method: m.payment_method,
  payment_method_details: { type: 'sepa_debit', sepa_debit: { reference: m.id.slice(-16).toUpperCase(), url: '' } },
  customer_acceptance: { type: 'online', accepted_at: m.accepted_at, online: { ip_address: '127.0.0.1', user_agent: 'sandbox' } },
  livemode: false,
})

/** `expand` paths are relative to the SetupIntent after `prefix` (`setup_intent.` when it is itself expanded from a Session). */
export const setupIntentView = (state: MandateState, si: SetupIntent, expand: readonly string[], prefix: string): Json => {
  const m = si.mandate ? state.mandates.get(si.mandate) : undefined
  const pm = si.payment_method ? state.methods.get(si.payment_method) : undefined
  return {
    id: si.id,
    object: 'setup_intent',
    created: si.created,
    status: si.status,
    usage: 'off_session',
    customer: si.customer,
    description: si.description,
    metadata: si.metadata,
    payment_method_types: ['sepa_debit'],
    payment_method: expand.includes(`${prefix}payment_method`) && pm ? methodView(pm) : si.payment_method,
    mandate: expand.includes(`${prefix}mandate`) && m ? mandateView(m) : si.mandate,
    last_setup_error: null,
  }
}

export const sessionView = (state: MandateState, s: SetupSession, expand: readonly string[] = []): Json => {
  const si = s.setup_intent ? state.setupIntents.get(s.setup_intent) : undefined
  return {
    id: s.id,
    object: 'checkout.session',
    mode: 'setup',
    livemode: false,
    created: s.created,
    expires_at: s.expires_at,
    status: s.status,
    payment_status: 'no_payment_required',
    amount_total: null,
    currency: 'eur',
    customer: s.customer,
    success_url: s.success_url,
    cancel_url: s.cancel_url,
    client_reference_id: s.client_reference_id,
    metadata: s.metadata,
    payment_method_types: s.methods,
    url: s.status === 'open' ? s.url : null,
    payment_intent: null,
    setup_intent: expand.includes('setup_intent') && si ? setupIntentView(state, si, expand, 'setup_intent.') : s.setup_intent,
  }
}

export const debitIntentView = (pi: DebitIntent): Json => ({
  id: pi.id,
  object: 'payment_intent',
  created: pi.created,
  status: pi.status,
  amount: pi.amount,
  amount_received: pi.status === 'succeeded' ? pi.amount : 0,
  currency: pi.currency,
  customer: pi.customer,
  payment_method: pi.payment_method,
  mandate: pi.mandate,
  payment_method_types: ['sepa_debit'],
  description: pi.description,
  metadata: pi.metadata,
  latest_charge: pi.charge.id,
  last_payment_error: pi.last_payment_error,
  livemode: false,
})
