/**
 * HTTP to the Revolut Merchant API: every call carries `Authorization: Bearer <secret key>` and the
 * pinned `Revolut-Api-Version` (without it Revolut answers an error, providers.md §2.1), has a hard
 * timeout (shared/deadline.ts), and classifies failures: timeout → `unknown`, never `failed`.
 * @module
 */

import type { Outcome } from '../../ports/payment-provider.port.ts'
import { withDeadline } from '../shared/deadline.ts'
import { transportFailure } from '../shared/transport.ts'
import { ErrorBody } from './wire.ts'

export type Failure = Exclude<Outcome<never>, { readonly kind: 'ok' }>

export type Reply = { readonly status: number; readonly body: string }

export type Sent = { readonly kind: 'reply'; readonly reply: Reply } | { readonly kind: 'failure'; readonly failure: Failure }

export type RevolutHttpConfig = {
  readonly baseUrl: string
  readonly secretKey: string
  readonly apiVersion: string
  readonly fetch: typeof fetch
  readonly timeoutMs?: number
}

export type RevolutHttp = {
  readonly send: (req: {
    readonly method: 'GET' | 'POST' | 'PATCH'
    /** Path under the API root, e.g. `/api/orders`. */
    readonly path: string
    readonly body?: unknown
  }) => Promise<Sent>
}

export const DEFAULT_TIMEOUT_MS = 10_000

export function createRevolutHttp(config: RevolutHttpConfig): RevolutHttp {
  const base = config.baseUrl.replace(/\/+$/, '')
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS
  return {
    async send({ method, path, body }) {
      const headers: Record<string, string> = {
        accept: 'application/json',
        authorization: `Bearer ${config.secretKey}`,
        'Revolut-Api-Version': config.apiVersion,
      }
      if (body !== undefined) headers['content-type'] = 'application/json'
      const exchange = async (signal: AbortSignal): Promise<Reply> => {
        const res = await config.fetch(`${base}${path}`, {
          method,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal,
        })
        return { status: res.status, body: await res.text() }
      }
      try {
        return { kind: 'reply', reply: await withDeadline(timeoutMs, exchange) }
      } catch (e) {
        return { kind: 'failure', failure: transportFailure(e, { idempotent: method === 'GET', timeoutMs }) }
      }
    },
  }
}

/** A short reason from Revolut's `{ code, message }` error body. */
export function errorReason(reply: Reply): string {
  let detail = ''
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(reply.body))
    if (parsed.success) detail = [parsed.data.code, parsed.data.message].filter(Boolean).join(': ')
  } catch {
    // not JSON: the status line is all we have
  }
  return `HTTP ${reply.status}${detail ? ` ${detail}` : ''}`.slice(0, 300)
}

/**
 * The default HTTP status → Outcome kind; callers handle their own 2xx (and, for cancel, 400/409/422) first.
 * 5xx is `retryable` even for create, because create looks the order up by merchant reference before posting.
 */
export function httpFailure(reply: Reply): Failure {
  const reason = errorReason(reply)
  const s = reply.status
  if (s === 401 || s === 403) return { kind: 'auth', reason }
  if (s === 409) return { kind: 'declined', reason }
  if (s === 429 || s >= 500) return { kind: 'retryable', reason }
  if (s >= 400) return { kind: 'invalid_request', reason }
  return { kind: 'unknown', reason: `unexpected ${reason}` }
}
