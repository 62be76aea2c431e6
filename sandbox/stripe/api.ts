/**
 * The envelope of Stripe's v1 API around every `/v1/*` call: secret-key auth, Idempotency-Key
 * replay, the `request-id` and `Stripe-Version` headers, and the error body.
 * @module
 */

import type { Context, MiddlewareHandler } from 'hono'
import { type StripeAccount, stripeAccountOf } from './credentials.ts'

/** The API version the simulator claims to speak (stripe@23.1.0's default). */
export const SIM_API_VERSION = '2026-10-28.endive'

type Json = Record<string, unknown>
type StripeErrorType = 'invalid_request_error' | 'api_error' | 'card_error' | 'idempotency_error'

export function stripeError(c: Context, status: number, type: StripeErrorType, message: string, extra: Json = {}) {
  return c.json({ error: { type, message, ...extra } }, status as 400)
}

/** Stripe's 404 for an unknown object: `No such checkout.session: 'cs_…'`. */
export const resourceMissing = (c: Context, what: string, id: string, param?: string) =>
  stripeError(c, 404, 'invalid_request_error', `No such ${what}: '${id}'`, { code: 'resource_missing', ...(param ? { param } : {}) })

/** Stripe's 400 for a parameter it refuses. */
export const invalidParam = (c: Context, param: string, message: string, code = 'parameter_invalid') =>
  stripeError(c, 400, 'invalid_request_error', message, { param, code })

/** Stripe's answer to a declined card (docs.stripe.com/declines/codes): HTTP 402, `card_error`. */
export const cardDeclined = (c: Context) =>
  stripeError(c, 402, 'card_error', 'Your card was declined.', { code: 'card_declined', decline_code: 'generic_decline' })

/** The secret key of a request: Bearer, or HTTP Basic with the key as user (curl -u sk_test_…:). */
function keyOf(c: Context): string | undefined {
  const auth = c.req.header('authorization') ?? ''
  const key = /^Bearer\s+(.+)$/i.exec(auth)?.[1]
  const basic = /^Basic\s+(.+)$/i.exec(auth)?.[1]
  return key || (basic ? atob(basic).split(':')[0] : undefined)
}

/** The account of an authenticated `/v1/*` request (secretKeyAuth has let it through). */
export const accountOf = (c: Context): StripeAccount => stripeAccountOf(keyOf(c)) as StripeAccount

/** Auth: a sandbox key of some account (credentials.ts stripeAccountOf). Stripe answers 401 invalid_request_error. */
export const secretKeyAuth: MiddlewareHandler = async (c, next) => {
  const key = keyOf(c)
  if (stripeAccountOf(key)) return next()
  const message = key
    ? `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`
    : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
  return stripeError(c, 401, 'invalid_request_error', message)
}

/** Idempotency-Key on POSTs: the first answer (any status but a validation 400) is replayed; other params → 400 idempotency_error. */
export function idempotencyKeys(): MiddlewareHandler {
  const seen = new Map<string, { fingerprint: string; status: number; body: string }>()
  return async (c, next) => {
    const key = c.req.header('idempotency-key')
    if (c.req.method !== 'POST' || !key) return next()
    const fingerprint = `${c.req.path}\n${new TextDecoder().decode(await c.req.raw.clone().arrayBuffer())}`
    const first = seen.get(key)
    if (first) {
      if (first.fingerprint !== fingerprint) {
        return stripeError(
          c,
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        )
      }
      return c.body(first.body, first.status as 200, {
        'content-type': 'application/json',
        'idempotent-replayed': 'true',
        'idempotency-key': key,
      })
    }
    await next()
    if (c.res.status !== 400) seen.set(key, { fingerprint, status: c.res.status, body: await c.res.clone().text() })
    c.header('idempotency-key', key)
  }
}

/** Every answer carries a `request-id` and the `Stripe-Version` it speaks (the caller's, if it chose one). */
export function responseHeaders(rid: (prefix: string) => string): MiddlewareHandler {
  return async (c, next) => {
    await next()
    c.header('request-id', rid('req_'))
    c.header('stripe-version', c.req.header('stripe-version') ?? SIM_API_VERSION)
  }
}
