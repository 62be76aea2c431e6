/**
 * HTTP to a Confluent Kafka REST Proxy: optional Basic auth, a hard timeout (also for fetch handlers
 * that ignore `signal`), and the mapping of failures to publisher results. A transport failure is
 * always retryable here: producing twice is allowed (at-least-once), losing an event is not.
 * @module
 */

import type { PublishResult } from '../../ports/event-publisher.port.ts'
import { toBase64 } from '../shared/base64.ts'
import { withDeadline } from '../shared/deadline.ts'
import { ErrorBody } from './wire.ts'

export type KafkaRestConfig = {
  /** REST Proxy root, e.g. `http://rest-proxy:8082` (Confluent Cloud: `https://pkc-….confluent.cloud:443/kafka`). */
  readonly baseUrl: string
  readonly username?: string | undefined
  readonly password?: string | undefined
  readonly fetch?: typeof fetch
  readonly timeoutMs?: number
}

export type Reply = { readonly status: number; readonly body: string; readonly retryAfter: string | null }
export type Sent = { readonly kind: 'reply'; readonly reply: Reply } | { readonly kind: 'failure'; readonly reason: string }

export type Request = {
  readonly method: 'GET' | 'POST' | 'DELETE'
  /** Path under the proxy root, e.g. `/v3/clusters`. */
  readonly path: string
  readonly body?: unknown
  readonly contentType?: string
  readonly accept?: string
}

export const DEFAULT_TIMEOUT_MS = 10_000

/** Base64 of UTF-8 bytes (btoa alone rejects non-Latin-1 passwords). */
const base64 = (text: string): string => toBase64(new TextEncoder().encode(text))

export function kafkaRestHttp(config: KafkaRestConfig): (req: Request) => Promise<Sent> {
  const base = config.baseUrl.replace(/\/+$/, '')
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const doFetch = config.fetch ?? fetch
  const auth = config.username ? `Basic ${base64(`${config.username}:${config.password ?? ''}`)}` : null
  return async (req) => {
    const headers: Record<string, string> = { accept: req.accept ?? 'application/json' }
    if (auth) headers['authorization'] = auth
    if (req.body !== undefined || req.contentType) headers['content-type'] = req.contentType ?? 'application/json'
    const exchange = async (signal: AbortSignal): Promise<Reply> => {
      const res = await doFetch(`${base}${req.path}`, {
        method: req.method,
        headers,
        ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
        signal,
      })
      return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') }
    }
    try {
      return { kind: 'reply', reply: await withDeadline(timeoutMs, exchange) }
    } catch (e) {
      return { kind: 'failure', reason: `kafka rest: ${e instanceof Error ? e.message : String(e)}` }
    }
  }
}

/** `HTTP 404 (40403) Topic not found` from the proxy's `{error_code, message}` body, when there is one. */
export function errorReason(status: number, body: string): string {
  let detail = ''
  try {
    const e = ErrorBody.safeParse(JSON.parse(body))
    if (e.success) detail = ` (${e.data.error_code}) ${e.data.message ?? ''}`.trimEnd()
  } catch {
    // not JSON: the status is all we have
  }
  return `kafka rest: HTTP ${status}${detail}`.slice(0, 300)
}

/** Statuses meaning "this record is unacceptable": retrying the same bytes cannot succeed. */
const PERMANENT = new Set([400, 413, 415, 422])

/**
 * A failed produce → PublishResult. Only a refusal of the record itself is permanent; auth (401/403),
 * unknown topic or cluster (404) and anything unexpected stay retryable, since fixing the
 * configuration should deliver the event. Kafka REST error codes may carry a 2-digit suffix (40403).
 */
export function produceFailure(status: number, reason: string, retryAfter: string | null): PublishResult {
  const http = status >= 10_000 ? Math.floor(status / 100) : status
  if (PERMANENT.has(http)) return { kind: 'permanent', reason }
  const seconds = retryAfter !== null ? Number(retryAfter) : Number.NaN
  return Number.isFinite(seconds) && seconds > 0
    ? { kind: 'retryable', reason, retryAfterMs: Math.min(seconds, 3600) * 1000 }
    : { kind: 'retryable', reason }
}
