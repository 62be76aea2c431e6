/**
 * HTTP to OnPay: every call is a `POST` of an `application/x-www-form-urlencoded` body to
 * `<base>/<call>/` answered with JSON (manual v1.8). Calls have a hard deadline; a timeout is
 * `unknown`, a connection refused `retryable`, never `failed`.
 * @module
 */

import type { Outcome } from '../../ports/payment-provider.port.ts'
import { withDeadline } from '../shared/deadline.ts'
import { transportFailure } from '../shared/transport.ts'

export type Failure = Exclude<Outcome<never>, { readonly kind: 'ok' }>

export type Reply = { readonly status: number; readonly body: string }

export type Sent = { readonly kind: 'reply'; readonly reply: Reply } | { readonly kind: 'failure'; readonly failure: Failure }

/** The five calls of the manual; each lives at `<base>/<call>/`. */
export type OnpayCall = 'get_link' | 'get_notifications' | 'get_users' | 'get_payment_method' | 'get_onpay_key'

/** Manual v1.8 endpoints, to use as `baseUrl`. */
export const ONPAY_TEST_URL = 'https://testpagamenti.erpweb.it/api'
export const ONPAY_PRODUCTION_URL = 'https://onpay.erpweb.it/api'

export const DEFAULT_TIMEOUT_MS = 10_000

export type OnpayHttp = {
  readonly post: (call: OnpayCall, fields: Readonly<Record<string, string>>) => Promise<Sent>
}

/** Error codes meaning the request never left (safe to retry even get_link). */
export function createOnpayHttp(config: {
  readonly baseUrl: string
  readonly fetch: typeof fetch
  readonly timeoutMs?: number | undefined
}): OnpayHttp {
  const base = config.baseUrl.replace(/\/+$/, '')
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS
  return {
    async post(call, fields) {
      const exchange = async (signal: AbortSignal): Promise<Reply> => {
        const res = await config.fetch(`${base}/${call}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams(fields).toString(),
          signal,
        })
        return { status: res.status, body: await res.text() }
      }
      try {
        return { kind: 'reply', reply: await withDeadline(timeoutMs, exchange) }
      } catch (e) {
        return { kind: 'failure', failure: transportFailure(e, { idempotent: call !== 'get_link', timeoutMs, prefix: `OnPay ${call}: ` }) }
      }
    },
  }
}

/**
 * A non-200 answer → Outcome kind. The manual shows only 200 + JSON; these are the usual meanings.
 * 5xx is `retryable` even for get_link: a repeated create meets the duplicate extId and looks it up.
 */
export function httpFailure(call: OnpayCall, reply: Reply): Failure {
  const reason = `OnPay ${call}: HTTP ${reply.status}${reply.body ? ` ${reply.body.slice(0, 200)}` : ''}`
  const s = reply.status
  if (s === 401 || s === 403) return { kind: 'auth', reason }
  if (s === 408 || s === 429 || s >= 500) return { kind: 'retryable', reason }
  if (s >= 400) return { kind: 'invalid_request', reason }
  return { kind: 'unknown', reason: `unexpected ${reason}` }
}
