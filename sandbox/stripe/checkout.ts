/**
 * Checkout Sessions in `mode=payment` (providers.md §1): create (one line item, a saved `price` or `price_data`; card
 * and/or sepa_debit, Stripe's amount and expiry limits), retrieve with `expand[]`, and expire.
 * Setup-mode Sessions are the mandate slice's (mandates.ts), which is mounted first.
 * @module
 */

import { type Context, Hono } from 'hono'
import { SIM_DECLINE_HEADER } from '../shared/hooks.ts'
import { accountOf, cardDeclined, resourceMissing, stripeError } from './api.ts'
import { obj, parseStripeForm, str, stringRecord } from './form.ts'
import { DAY_S, type StripeIds } from './ids.ts'
import { isLineItemError, readLineItem } from './line-items.ts'
import type { PriceState } from './prices.ts'
import type { CheckoutState, Session } from './state.ts'

/** Stripe's 404 for an unknown Session. */
export const missingSession = (c: Context, id: string) => resourceMissing(c, 'checkout.session', id, 'session')

export function checkoutApi(state: CheckoutState, prices: PriceState, { nowS, rid }: StripeIds): Hono {
  const app = new Hono()

  app.post('/v1/checkout/sessions', async (c) => {
    if (c.req.header(SIM_DECLINE_HEADER)) return cardDeclined(c)
    const f = parseStripeForm(new TextDecoder().decode(await c.req.arrayBuffer()))
    const invalid = (param: string, message: string, code?: string) =>
      stripeError(c, 400, 'invalid_request_error', message, { param, ...(code ? { code } : {}) })
    if (f['mode'] !== 'payment') return invalid('mode', 'The simulator supports only `mode=payment`.')
    const success = str(f['success_url'])
    if (!success || !URL.canParse(success)) return invalid('success_url', 'Not a valid URL')
    const cancel = str(f['cancel_url']) ?? null
    if (cancel !== null && !URL.canParse(cancel)) return invalid('cancel_url', 'Not a valid URL')
    const item = readLineItem(f, prices)
    if (isLineItemError(item)) return invalid(item.param, item.message, item.code)
    const { currency, name, quantity } = item
    const total = item.unitAmount * quantity
    if (currency === 'eur' && total < 50) {
      return stripeError(c, 400, 'invalid_request_error', "The Checkout Session's total amount due must add up to at least €0.50 eur", {
        code: 'amount_too_small',
      })
    }
    const methods = (f['allowed_payment_method_types'] ?? f['payment_method_types'] ?? ['card']) as string[]
    if (!Array.isArray(methods) || methods.some((m) => m !== 'card' && m !== 'sepa_debit')) {
      return invalid('allowed_payment_method_types', 'The simulator offers only `card` and `sepa_debit`.')
    }
    if (methods.includes('sepa_debit') && currency !== 'eur') return invalid('allowed_payment_method_types', 'sepa_debit needs eur')
    const created = nowS()
    const expiresAt = f['expires_at'] === undefined ? created + DAY_S : Number(str(f['expires_at']))
    if (!Number.isSafeInteger(expiresAt) || expiresAt < created + 30 * 60 || expiresAt > created + DAY_S) {
      return invalid('expires_at', 'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.')
    }
    const id = rid('cs_test_')
    const url = new URL(c.req.url)
    const prefix = url.pathname.slice(0, -'/v1/checkout/sessions'.length)
    const s: Session = {
      id,
      account: accountOf(c).id,
      created,
      expires_at: expiresAt,
      status: 'open',
      payment_status: 'unpaid',
      amount_total: total,
      currency,
      name,
      line: { price: item.price, product: item.product, unit_amount: item.unitAmount, quantity },
      success_url: success.replaceAll('{CHECKOUT_SESSION_ID}', id),
      cancel_url: cancel,
      client_reference_id: str(f['client_reference_id']) ?? null,
      customer_email: str(f['customer_email']) ?? null,
      metadata: stringRecord(f['metadata']),
      pi_metadata: stringRecord(obj(f['payment_intent_data'])?.['metadata']),
      methods,
      url: `${url.origin}${prefix}/pay/${id}`,
      payment_intent: null,
    }
    state.add(s)
    return c.json(state.view(s))
  })

  const expandOf = (c: Context) => {
    const q = new URL(c.req.url).search.slice(1)
    const e = parseStripeForm(q)['expand']
    return Array.isArray(e) ? (e as string[]) : []
  }

  /** A Session of the caller's account: another account's reads as missing, as at Stripe. */
  const own = (c: Context) => {
    const s = state.find(c.req.param('id'))
    return s && s.account === accountOf(c).id ? s : undefined
  }

  /** The account's Sessions, newest first (`limit`, default 10, at most 100; no pagination cursor). */
  app.get('/v1/checkout/sessions', (c) => {
    const limit = Math.min(100, Math.max(1, Number(c.req.query('limit') ?? 10) || 10))
    const all = state.ofAccount(accountOf(c).id)
    return c.json({
      object: 'list',
      url: '/v1/checkout/sessions',
      has_more: all.length > limit,
      data: all.slice(0, limit).map((s) => state.view(s)),
    })
  })

  app.get('/v1/checkout/sessions/:id', (c) => {
    const s = own(c)
    return s ? c.json(state.view(s, expandOf(c))) : missingSession(c, c.req.param('id'))
  })

  app.post('/v1/checkout/sessions/:id/expire', (c) => {
    const s = own(c)
    if (!s) return missingSession(c, c.req.param('id'))
    if (s.status !== 'open') {
      return stripeError(c, 400, 'invalid_request_error', 'Only Checkout Sessions with a status in ["open"] can be expired.', {
        code: 'checkout_session_not_open',
      })
    }
    state.expire(s)
    return c.json(state.view(s))
  })

  return app
}
