/**
 * OpenAPI.it callbacks (spec fatturapa.md §6.2): the `customer-notification` event is POSTed to the
 * URL of the API configuration with the configured header (`auth_header`, Varco's
 * `X-Varco-Callback-Token` by default) carrying the shared secret. OpenAPI.it signs nothing, so
 * the header is the whole authentication: compared in constant time, then the body is read. The
 * result is a hint; the caller re-reads the invoice.
 * @module
 */

import type { WebhookFailure, WebhookInput } from '../../ports/payment-provider.port.ts'
import type { SdiCallbackHint } from '../../ports/sdi-transmitter.port.ts'
import { constantTimeEqual } from '../crypto/constant-time.ts'
import { readJson } from '../shared/wire.ts'
import { isNotificationType, timeOf } from './map.ts'
import { Callback } from './wire.ts'

export type VerifiedCallback =
  | { readonly ok: true; readonly value: SdiCallbackHint }
  | { readonly ok: false; readonly error: WebhookFailure }

const refuse = (kind: WebhookFailure['kind'], reason: string): VerifiedCallback => ({ ok: false, error: { kind, reason } })

export function verifyOpenapiCallback(header: string, secret: string, input: WebhookInput): VerifiedCallback {
  if (secret === '') return refuse('invalid_signature', 'no callback secret is configured')
  const given = input.headers[header.toLowerCase()]
  if (given === undefined) return refuse('invalid_signature', `the ${header} header is missing`)
  if (!constantTimeEqual(given, secret)) return refuse('invalid_signature', `the ${header} header does not match`)
  const read = readJson(input.rawBody, Callback, (issues) =>
    issues === null ? 'the body is not JSON' : 'the body is not a customer-notification callback',
  )
  if (read.kind !== 'ok') return refuse('malformed', read.reason)
  const { event, data } = read.value
  if (event !== 'customer-notification') return refuse('malformed', `unexpected event ${event.slice(0, 50)}`)
  const n = data.notification
  return {
    ok: true,
    value: {
      dedupeKey: n.uuid,
      remoteId: n.invoice_uuid,
      type: isNotificationType(n.type) ? n.type : null,
      createdAt: timeOf(n.created_at),
    },
  }
}
