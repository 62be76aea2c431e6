/**
 * Off-session SEPA debits on an accepted mandate (providers.md §1.4): `POST /v1/payment_intents`
 * with `confirm=true&off_session=true` starts `processing`, as a real SEPA debit does, until the
 * script hook settles it as succeeded or failed.
 * @module
 */

import { Hono } from 'hono'
import { invalidParam, resourceMissing, stripeError } from './api.ts'
import { parseForm, record, str, strings } from './form.ts'
import type { DebitIntent, MandateState } from './mandate-state.ts'
import { debitIntentView } from './mandate-views.ts'

export function paymentIntentsApi(state: MandateState): Hono {
  const { nowS, rid, customers, methods, mandates, intents } = state
  const app = new Hono()

  app.post('/v1/payment_intents', async (c) => {
    const f = parseForm(new TextDecoder().decode(await c.req.arrayBuffer()))
    const amount = Number(str(f['amount']))
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > 99_999_999)
      return invalidParam(c, 'amount', 'Invalid integer', 'parameter_invalid_integer')
    if (f['currency'] !== 'eur') return invalidParam(c, 'currency', 'sepa_debit needs eur')
    if (amount < 50)
      return stripeError(c, 400, 'invalid_request_error', 'Amount must be at least €0.50 eur', {
        code: 'amount_too_small',
        param: 'amount',
      })
    const types = strings(f['allowed_payment_method_types'] ?? f['payment_method_types']) ?? []
    if (types.length !== 1 || types[0] !== 'sepa_debit')
      return invalidParam(c, 'allowed_payment_method_types', 'The simulator charges only `sepa_debit` off-session.')
    if (f['confirm'] !== 'true' || f['off_session'] !== 'true')
      return invalidParam(c, 'off_session', 'The simulator supports only `confirm=true` with `off_session=true`.')
    const customer = str(f['customer'])
    if (!customer || !customers.has(customer))
      return stripeError(c, 400, 'invalid_request_error', `No such customer: '${customer ?? ''}'`, {
        code: 'resource_missing',
        param: 'customer',
      })
    const pm = methods.get(str(f['payment_method']) ?? '')
    if (!pm)
      return stripeError(c, 400, 'invalid_request_error', `No such PaymentMethod: '${str(f['payment_method']) ?? ''}'`, {
        code: 'resource_missing',
        param: 'payment_method',
      })
    if (pm.customer !== customer)
      return invalidParam(c, 'payment_method', 'The PaymentMethod does not belong to this Customer.', 'payment_method_invalid_parameter')
    const m = mandates.get(str(f['mandate']) ?? '') ?? [...mandates.values()].find((x) => x.payment_method === pm.id)
    if (!m || m.payment_method !== pm.id)
      return invalidParam(c, 'mandate', 'No valid mandate for this PaymentMethod.', 'payment_intent_mandate_invalid')
    if (m.status !== 'active') {
      return invalidParam(
        c,
        'mandate',
        `The mandate ${m.id} is ${m.status} and cannot be used for new payments.`,
        'payment_intent_mandate_invalid',
      )
    }
    const t = nowS()
    const pi: DebitIntent = {
      id: rid('pi_'),
      created: t,
      status: 'processing',
      amount,
      currency: 'eur',
      customer,
      payment_method: pm.id,
      mandate: m.id,
      description: str(f['description']) ?? null,
      metadata: record(f['metadata']),
      charge: { id: rid('py_'), created: t, status: 'pending' },
      last_payment_error: null,
    }
    intents.set(pi.id, pi)
    return c.json(debitIntentView(pi))
  })
  app.get('/v1/payment_intents/:id', (c) => {
    const pi = intents.get(c.req.param('id'))
    return pi ? c.json(debitIntentView(pi)) : resourceMissing(c, 'payment_intent', c.req.param('id'), 'intent')
  })

  /** Settles a processing debit: `?outcome=succeeded` (default) or `failed` (e.g. insufficient funds). */
  app.post('/test/payment_intents/:id/settle', (c) => {
    const pi = intents.get(c.req.param('id'))
    if (!pi) return resourceMissing(c, 'payment_intent', c.req.param('id'))
    if (pi.status !== 'processing')
      return invalidParam(c, 'intent', `The PaymentIntent is ${pi.status}, not processing.`, 'payment_intent_unexpected_state')
    const outcome = c.req.query('outcome') ?? 'succeeded'
    if (outcome === 'succeeded') {
      pi.status = 'succeeded'
      pi.charge.status = 'succeeded'
    } else if (outcome === 'failed') {
      pi.status = 'requires_payment_method'
      pi.charge.status = 'failed'
      pi.last_payment_error = { type: 'card_error', code: 'insufficient_funds', message: 'The account has insufficient funds.' }
    } else return invalidParam(c, 'outcome', 'outcome must be succeeded or failed')
    return c.json(debitIntentView(pi))
  })
  /** Every off-session PaymentIntent, oldest first (to count debits in tests). */
  app.get('/test/payment_intents', (c) => c.json({ object: 'list', data: [...intents.values()].map(debitIntentView) }))

  return app
}
