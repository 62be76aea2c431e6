/**
 * HTTP to OnPay on the shared skeleton (adapters/shared/http.ts): every call is a `POST` of an
 * `application/x-www-form-urlencoded` body to `<base>/<call>/` answered with JSON (manual v1.8).
 * No answer within the deadline is `unknown`, a connection refused `retryable`, never `failed`.
 * @module
 */

import { createHttpClient, type HttpReply, type Sent } from '../shared/http.ts'
import { type Failure, statusFailure } from '../shared/outcome.ts'

/** The five calls of the manual; each lives at `<base>/<call>/`. */
export type OnpayCall = 'get_link' | 'get_notifications' | 'get_users' | 'get_payment_method' | 'get_onpay_key'

/** Manual v1.8 endpoints, to use as `baseUrl`. */
export const ONPAY_TEST_URL = 'https://testpagamenti.erpweb.it/api'
export const ONPAY_PRODUCTION_URL = 'https://onpay.erpweb.it/api'

export type OnpayHttp = {
  readonly post: (call: OnpayCall, fields: Readonly<Record<string, string>>) => Promise<Sent>
}

export function createOnpayHttp(config: {
  readonly baseUrl: string
  readonly fetch: typeof fetch
  readonly timeoutMs?: number | undefined
}): OnpayHttp {
  const http = createHttpClient(config)
  return {
    // Only get_link changes anything; a connection that provably never reached OnPay is retryable even for it.
    post: (call, fields) =>
      http.send({ method: 'POST', path: `/${call}/`, form: fields }, { idempotent: call !== 'get_link', prefix: `OnPay ${call}: ` }),
  }
}

/**
 * A non-200 answer → Outcome kind. The manual shows only 200 + JSON; these are the usual meanings.
 * 5xx is `retryable` even for get_link: a repeated create meets the duplicate extId and looks it up.
 */
export function httpFailure(call: OnpayCall, reply: HttpReply): Failure {
  const reason = `OnPay ${call}: HTTP ${reply.status}${reply.body ? ` ${reply.body.slice(0, 200)}` : ''}`
  return statusFailure(reply.status, reason, { retryable: [408, 429] })
}
