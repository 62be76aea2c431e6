/**
 * HTTP to the Example API on the shared skeleton: `Authorization: Bearer <key>` on every call,
 * `{ error: { code, message } }` bodies as short reasons, and the status table.
 * @module
 */

import type { Outcome } from '../../ports/payment-provider.port.ts'
import { createHttpClient, type HttpClient, type HttpReply } from '../shared/http.ts'
import { type Failure, statusFailure } from '../shared/outcome.ts'
import { httpReason, readJson, type Schema } from '../shared/wire.ts'
import { ErrorBody } from './wire.ts'

export type ExampleHttpConfig = {
  readonly baseUrl: string
  readonly apiKey: string
  readonly fetch: typeof fetch
  readonly timeoutMs?: number
}

export const createExampleHttp = (config: ExampleHttpConfig): HttpClient =>
  createHttpClient(config, () => ({ authorization: `Bearer ${config.apiKey}` }))

export const errorReason = (reply: HttpReply): string =>
  httpReason(reply.status, reply.body, (json) => {
    const parsed = ErrorBody.safeParse(json)
    return parsed.success ? [parsed.data.error.code, parsed.data.error.message].filter(Boolean).join(': ') : null
  })

/** The provider's status table: which statuses are a business refusal, which may be retried (401/403 are `auth`). */
export const httpFailure = (reply: HttpReply): Failure =>
  statusFailure(reply.status, errorReason(reply), { declined: [402], retryable: [429] })

/** A 2xx body read with `schema`; unreadable is `unknown` (the call may have taken effect). */
export const readAnswer = <T>(body: string, schema: Schema<T>, what: string): Outcome<T> =>
  readJson(body, schema, () => `Example answered ${what} with a body this adapter cannot read`)
