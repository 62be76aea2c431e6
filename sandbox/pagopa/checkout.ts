/**
 * Checkout carts (A3), mounted at `/checkout/ec/v1`: validate the cart, check that every notice is
 * payable, and answer 302 to the local payment page (page.ts).
 * @module
 */

import { type Context, Hono } from 'hono'
import { CartIn, firstIssue } from './schemas.ts'
import type { PagopaState } from './state.ts'

const checkoutProblem = (c: Context, status: 400 | 422, title: string, detail: string) =>
  c.json({ type: 'about:blank', title, status, detail, instance: c.req.path }, status)

export function checkoutApi(state: PagopaState): Hono {
  const app = new Hono()
  app.post('/carts', async (c) => {
    const parsed = CartIn.safeParse(await c.req.json().catch(() => undefined))
    if (!parsed.success) return checkoutProblem(c, 400, 'Bad Request', firstIssue(parsed.error))
    const notices = parsed.data.paymentNotices
    if (notices.length > 5) return checkoutProblem(c, 422, 'Unprocessable Entity', 'Multiple payment notices not processable')
    if (new Set(notices.map((n) => n.fiscalCode + n.noticeNumber)).size !== notices.length) {
      return checkoutProblem(c, 422, 'Unprocessable Entity', 'Duplicate payment notice values found')
    }
    for (const n of notices) {
      const hit = state.byNav(n.noticeNumber, n.fiscalCode)[0]
      if (!state.payable(hit)) return checkoutProblem(c, 422, 'Unprocessable Entity', 'Invalid payment notice data')
    }
    const cart = state.addCart(parsed.data)
    const url = new URL(c.req.url)
    const prefix = url.pathname.slice(0, -'/checkout/ec/v1/carts'.length)
    return c.body(null, 302, { location: `${url.origin}${prefix}/checkout/carts/${cart.id}` })
  })
  return app
}
