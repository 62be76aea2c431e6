/** How the Revolut Merchant API answers about an order: the full order, and the summary of order lists. @module */

import type { Context } from 'hono'
import type { SimOrder } from './state.ts'

/** Revolut's error body. */
export const revolutError = (c: Context, now: () => Date, status: 400 | 401 | 404 | 409 | 422, code: string, message: string) =>
  c.json({ code, message, timestamp: now().getTime() }, status)

/** An order as `GET /api/orders` lists it. */
export const orderSummary = (o: Pick<SimOrder, 'id' | 'state' | 'createdAt' | 'updatedAt' | 'amount' | 'currency' | 'reference'>) => ({
  id: o.id,
  type: 'payment',
  state: o.state,
  created_at: o.createdAt.toISOString(),
  updated_at: o.updatedAt.toISOString(),
  amount: o.amount,
  currency: o.currency,
  outstanding_amount: o.state === 'completed' ? 0 : o.amount,
  ...(o.reference ? { merchant_order_data: { reference: o.reference } } : {}),
})

/** The simulator's base URL as seen from an `/api/…` request (the origin alone elsewhere). */
const base = (c: Context) => {
  const url = new URL(c.req.url)
  const at = url.pathname.indexOf('/api/')
  return `${url.origin}${at >= 0 ? url.pathname.slice(0, at) : ''}`
}

export const orderView = (c: Context, o: SimOrder) => ({
  id: o.id,
  token: o.token,
  type: 'payment',
  state: o.state,
  created_at: o.createdAt.toISOString(),
  updated_at: o.updatedAt.toISOString(),
  ...(o.completedAt ? { completed_at: o.completedAt.toISOString() } : {}),
  ...(o.description ? { description: o.description } : {}),
  amount: o.amount,
  currency: o.currency,
  outstanding_amount: o.state === 'completed' ? 0 : o.amount,
  capture_mode: o.captureMode,
  authorisation_type: 'final',
  checkout_url: `${base(c)}/pay/${o.id}`,
  enforce_challenge: 'automatic',
  ...(o.customerEmail ? { customer: { email: o.customerEmail } } : {}),
  ...(o.reference ? { merchant_order_data: { reference: o.reference } } : {}),
  ...(o.redirectUrl ? { redirect_url: o.redirectUrl } : {}),
  ...(o.metadata ? { metadata: o.metadata } : {}),
  payments: o.payments,
})
