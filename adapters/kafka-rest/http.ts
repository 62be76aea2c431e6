/**
 * HTTP to a Confluent Kafka REST Proxy: optional Basic auth, a hard timeout (also for fetch handlers
 * that ignore `signal`), and the mapping of failures to publisher results. A transport failure is
 * always retryable here: producing twice is allowed (at-least-once), losing an event is not.
 * @module
 */

import type { PublishResult } from '../../ports/event-publisher.port.ts'
import { toBase64 } from '../shared/base64.ts'
import { createHttpClient, type HttpReply } from '../shared/http.ts'
import { publishFailure } from '../shared/publish.ts'
import { httpReason } from '../shared/wire.ts'
import { ErrorBody } from './wire.ts'

export type KafkaRestConfig = {
  /** REST Proxy root, e.g. `http://rest-proxy:8082` (Confluent Cloud: `https://pkc-….confluent.cloud:443/kafka`). */
  readonly baseUrl: string
  readonly username?: string | undefined
  readonly password?: string | undefined
  readonly fetch?: typeof fetch
  readonly timeoutMs?: number
}

/** No answer is not classified here: for a publisher every transport failure is retryable. */
export type Sent = { readonly kind: 'reply'; readonly reply: HttpReply } | { readonly kind: 'failure'; readonly reason: string }

export type Request = {
  readonly method: 'GET' | 'POST' | 'DELETE'
  /** Path under the proxy root, e.g. `/v3/clusters`. */
  readonly path: string
  readonly body?: unknown
  readonly contentType?: string
  readonly accept?: string
}

/** Base64 of UTF-8 bytes (btoa alone rejects non-Latin-1 passwords). */
const base64 = (text: string): string => toBase64(new TextEncoder().encode(text))

export function kafkaRestHttp(config: KafkaRestConfig): (req: Request) => Promise<Sent> {
  const auth = config.username ? `Basic ${base64(`${config.username}:${config.password ?? ''}`)}` : null
  const http = createHttpClient({ ...config, fetch: config.fetch ?? fetch }, () => (auth ? { authorization: auth } : {}))
  return async (req) => {
    const headers: Record<string, string> = {}
    if (req.accept) headers['accept'] = req.accept
    if (req.contentType) headers['content-type'] = req.contentType
    try {
      return { kind: 'reply', reply: await http.exchange({ method: req.method, path: req.path, json: req.body, headers }) }
    } catch (e) {
      return { kind: 'failure', reason: `kafka rest: ${e instanceof Error ? e.message : String(e)}` }
    }
  }
}

/** `HTTP 404 (40403) Topic not found` from the proxy's `{error_code, message}` body, when there is one. */
export function errorReason(status: number, body: string): string {
  const reason = httpReason(status, body, (json) => {
    const e = ErrorBody.safeParse(json)
    return e.success ? `(${e.data.error_code}) ${e.data.message ?? ''}`.trimEnd() : null
  })
  return `kafka rest: ${reason}`.slice(0, 300)
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
  return publishFailure(reason, PERMANENT.has(http), retryAfter)
}
