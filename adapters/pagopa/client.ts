/**
 * HTTP to pagoPA's APIM on the shared skeleton (adapters/shared/http.ts): every call carries
 * `Ocp-Apim-Subscription-Key` (pagopa.md A0) and a fresh `X-Request-Id`; GPD and Checkout error
 * bodies become short reasons, and statuses Outcome kinds.
 * @module
 */

import { createHttpClient, type HttpClient, type HttpReply } from '../shared/http.ts'
import { type Failure, statusFailure } from '../shared/outcome.ts'
import { httpReason } from '../shared/wire.ts'
import { ProblemJson } from './wire.ts'

export type PagopaHttpConfig = {
  readonly baseUrl: string
  readonly subscriptionKey: string
  readonly fetch: typeof fetch
  readonly timeoutMs?: number
}

export function createPagopaHttp(config: PagopaHttpConfig): HttpClient {
  return createHttpClient(config, () => ({ 'Ocp-Apim-Subscription-Key': config.subscriptionKey, 'X-Request-Id': crypto.randomUUID() }))
}

/** A short reason from a GPD/Checkout ProblemJson or an APIM `{statusCode, message}` body. */
export function problemReason(reply: HttpReply): string {
  return httpReason(reply.status, reply.body, (json) => {
    const p = ProblemJson.safeParse(json)
    if (p.success && (p.data.title || p.data.detail)) return [p.data.title, p.data.detail].filter(Boolean).join(': ')
    const message = (json as { message?: unknown }).message
    return typeof message === 'string' ? message : null
  })
}

/**
 * The default HTTP status → Outcome kind. Callers handle their own 2xx, 404 and 409 first.
 * 5xx is `retryable` because every write here is idempotent (create by iupd, invalidate re-reads).
 */
export function httpFailure(reply: HttpReply): Failure {
  return statusFailure(reply.status, problemReason(reply), { declined: [409, 422], retryable: [429] })
}
