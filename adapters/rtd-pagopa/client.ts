/**
 * HTTP to pagoPA's RTD APIs on the shared skeleton (adapters/shared/http.ts): every call carries
 * `Ocp-Apim-Subscription-Key` and `User-Agent` (the docs ask for `custom_integration`), through the
 * mTLS-capable fetch (mtls.ts). Two clients on one base URL: the API (short deadline) and the blob
 * storage behind `/pagopastorage` (a deadline long enough for a big upload). APIM error bodies
 * (`{statusCode, message}`) become short reasons, and statuses Outcome kinds.
 * @module
 */

import { createHttpClient, type HttpClient, type HttpReply } from '../shared/http.ts'
import { type Failure, statusFailure } from '../shared/outcome.ts'
import { httpReason } from '../shared/wire.ts'
import { type ClientCertificate, type MtlsFetchFactory, resolveFetch } from './mtls.ts'

/** The reference batch's timeout for uploads (Apache client, 180 s). */
export const DEFAULT_UPLOAD_TIMEOUT_MS = 180_000

export type RtdClientConfig = {
  readonly baseUrl: string
  readonly subscriptionKey: string
  readonly fetch: typeof fetch
  readonly clientCertificate?: ClientCertificate | undefined
  readonly mtlsFetch?: MtlsFetchFactory | undefined
  readonly timeoutMs?: number | undefined
  readonly uploadTimeoutMs?: number | undefined
  readonly userAgent?: string | undefined
}

export type RtdClients = { readonly api: HttpClient; readonly storage: HttpClient }

export function createRtdClients(config: RtdClientConfig): RtdClients {
  const fetchFn = resolveFetch(config.fetch, config.clientCertificate, config.mtlsFetch)
  const headers = () => ({ 'Ocp-Apim-Subscription-Key': config.subscriptionKey, 'User-Agent': config.userAgent ?? 'custom_integration' })
  return {
    api: createHttpClient({ baseUrl: config.baseUrl, fetch: fetchFn, timeoutMs: config.timeoutMs }, headers),
    storage: createHttpClient(
      { baseUrl: config.baseUrl, fetch: fetchFn, timeoutMs: config.uploadTimeoutMs ?? DEFAULT_UPLOAD_TIMEOUT_MS },
      headers,
    ),
  }
}

/** `HTTP 401 Access denied…` from APIM's JSON, or Azure storage's XML `<Code>`, or the status alone. */
export function rtdReason(reply: Pick<HttpReply, 'status' | 'body'>, what: string): string {
  const code = /<Code>([^<]{1,80})<\/Code>/.exec(reply.body)?.[1]
  const reason = httpReason(reply.status, reply.body, (json) => {
    const message = (json as { message?: unknown } | null)?.message
    return typeof message === 'string' ? message : null
  })
  return `pagoPA RTD ${what}: ${reason}${code && !reason.includes(code) ? ` ${code}` : ''}`.slice(0, 300)
}

/** Any status the caller does not handle → Outcome kind: 401/403 auth, 408/429/5xx retryable, other 4xx invalid. */
export const rtdFailure = (reply: Pick<HttpReply, 'status' | 'body'>, what: string): Failure =>
  statusFailure(reply.status, rtdReason(reply, what), { retryable: [408, 429] })
