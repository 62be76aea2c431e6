/**
 * HTTP to pagoPA's APIM: every call carries `Ocp-Apim-Subscription-Key` (pagopa.md A0), has a hard
 * timeout that also works with fetch handlers that ignore `signal`, and classifies transport
 * failures: timeout → `unknown`, connection refused → `retryable`, never `failed`.
 * @module
 */

import type { Outcome } from '../../ports/payment-provider.port.ts'
import { withDeadline } from '../shared/deadline.ts'
import { transportFailure } from '../shared/transport.ts'
import { ProblemJson } from './wire.ts'

export type Failure = Exclude<Outcome<never>, { readonly kind: 'ok' }>

export type Reply = { readonly status: number; readonly location: string | null; readonly body: string }

export type Sent = { readonly kind: 'reply'; readonly reply: Reply } | { readonly kind: 'failure'; readonly failure: Failure }

export type PagopaHttpConfig = {
  readonly baseUrl: string
  readonly subscriptionKey: string
  readonly fetch: typeof fetch
  readonly timeoutMs?: number
}

export type PagopaHttp = {
  readonly send: (req: {
    readonly method: 'GET' | 'POST' | 'DELETE'
    /** Path under the API root, e.g. `/gpd/debt-positions-service/v1/info`. */
    readonly path: string
    readonly body?: unknown
    /** Checkout answers 302: read the `location` instead of following it. */
    readonly manualRedirect?: boolean
  }) => Promise<Sent>
}

export const DEFAULT_TIMEOUT_MS = 10_000

export function createPagopaHttp(config: PagopaHttpConfig): PagopaHttp {
  const base = config.baseUrl.replace(/\/+$/, '')
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS
  return {
    async send({ method, path, body, manualRedirect }) {
      const headers: Record<string, string> = {
        accept: 'application/json',
        'Ocp-Apim-Subscription-Key': config.subscriptionKey,
        'X-Request-Id': crypto.randomUUID(),
      }
      if (body !== undefined) headers['content-type'] = 'application/json'
      const exchange = async (signal: AbortSignal): Promise<Reply> => {
        const res = await config.fetch(`${base}${path}`, {
          method,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          ...(manualRedirect ? { redirect: 'manual' as const } : {}),
          signal,
        })
        return { status: res.status, location: res.headers.get('location'), body: await res.text() }
      }
      try {
        return { kind: 'reply', reply: await withDeadline(timeoutMs, exchange) }
      } catch (e) {
        return { kind: 'failure', failure: transportFailure(e, { idempotent: method === 'GET', timeoutMs }) }
      }
    },
  }
}

/** A short reason from a GPD/Checkout ProblemJson or an APIM `{statusCode, message}` body. */
export function problemReason(reply: Reply): string {
  let detail = ''
  try {
    const json: unknown = JSON.parse(reply.body)
    const p = ProblemJson.safeParse(json)
    if (p.success && (p.data.title || p.data.detail)) detail = [p.data.title, p.data.detail].filter(Boolean).join(': ')
    else if (typeof (json as { message?: unknown }).message === 'string') detail = (json as { message: string }).message
  } catch {
    // not JSON: the status line is all we have
  }
  return `HTTP ${reply.status}${detail ? ` ${detail}` : ''}`.slice(0, 300)
}

/**
 * The default HTTP status → Outcome kind. Callers handle their own 2xx, 404 and 409 first.
 * 5xx is `retryable` because every write here is idempotent (create by iupd, invalidate re-reads).
 */
export function httpFailure(reply: Reply): Failure {
  const reason = problemReason(reply)
  const s = reply.status
  if (s === 401 || s === 403) return { kind: 'auth', reason }
  if (s === 422 || s === 409) return { kind: 'declined', reason }
  if (s === 429 || s >= 500) return { kind: 'retryable', reason }
  if (s >= 400) return { kind: 'invalid_request', reason }
  return { kind: 'unknown', reason: `unexpected ${reason}` }
}
