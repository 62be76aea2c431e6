/**
 * HTTP to the Revolut Merchant API on the shared skeleton (adapters/shared/http.ts): every call
 * carries `Authorization: Bearer <secret key>` and the pinned `Revolut-Api-Version` (without it
 * Revolut answers an error, providers.md §2.1); `{ code, message }` error bodies become short
 * reasons, and statuses Outcome kinds.
 * @module
 */

import type { Outcome } from '../../ports/payment-provider.port.ts'
import { createHttpClient, type HttpClient, type HttpReply } from '../shared/http.ts'
import { type Failure, type Found, statusFailure } from '../shared/outcome.ts'
import { httpReason, readJson, type Schema } from '../shared/wire.ts'
import { ErrorBody } from './wire.ts'

export type RevolutHttpConfig = {
  readonly baseUrl: string
  readonly secretKey: string
  readonly apiVersion: string
  readonly fetch: typeof fetch
  readonly timeoutMs?: number
}

export function createRevolutHttp(config: RevolutHttpConfig): HttpClient {
  return createHttpClient(config, () => ({ authorization: `Bearer ${config.secretKey}`, 'Revolut-Api-Version': config.apiVersion }))
}

/** A short reason from Revolut's `{ code, message }` error body. */
export function errorReason(reply: HttpReply): string {
  return httpReason(reply.status, reply.body, (json) => {
    const parsed = ErrorBody.safeParse(json)
    return parsed.success ? [parsed.data.code, parsed.data.message].filter(Boolean).join(': ') : null
  })
}

/**
 * The default HTTP status → Outcome kind; callers handle their own 2xx (and, for cancel, 400/409/422) first.
 * 5xx is `retryable` even for create, because create looks the order up by merchant reference before posting.
 */
export function httpFailure(reply: HttpReply): Failure {
  return statusFailure(reply.status, errorReason(reply), { declined: [409], retryable: [429] })
}

/** A body Revolut sent with a 2xx, read with `schema`; unreadable is `unknown` (the call may have taken effect). */
export const readAnswer = <T>(body: string, schema: Schema<T>, what: string): Outcome<T> =>
  readJson(body, schema, () => `Revolut answered ${what} with a body this adapter cannot read`)

/** `GET path`: 200 read with `schema`, 404 `not_found`, any other status by {@link httpFailure}. */
export async function getFound<T>(http: HttpClient, path: string, schema: Schema<T>, what: string): Promise<Found<T>> {
  const sent = await http.send({ method: 'GET', path })
  if (sent.kind === 'failure') return sent.failure
  if (sent.reply.status === 404) return { kind: 'not_found' }
  if (sent.reply.status !== 200) return httpFailure(sent.reply)
  return readAnswer(sent.reply.body, schema, what)
}
