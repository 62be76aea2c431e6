/**
 * The one HTTP mapping of payments v2 errors, in the Agile envelope `{success:false, error, code}`.
 * Shared domain errors keep the gateway-wide mapping (edge/http-errors.ts); the v2-only codes:
 * 402 `billing_inactive`, 409 `provider_not_configured`, 400 `method_unavailable`, 422
 * `provider_declined` / `provider_rejected`, 502 `provider_auth`, 503 `provider_unavailable`, 500
 * `secrets_unreadable`. Details never carry a secret.
 * @module
 */

import type { PaymentsV2Error } from '../../core/payments-v2/errors.ts'
import { toHttpError } from '../http-errors.ts'

export type V2HttpError = {
  readonly status: 400 | 401 | 402 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 502 | 503
  readonly code: string
  readonly error: string
}

export function toV2HttpError(e: PaymentsV2Error): V2HttpError {
  switch (e.code) {
    case 'billing.inactive':
      return { status: 402, code: 'billing_inactive', error: `the tenant subscription is ${e.status}` }
    case 'provider.not_configured':
      return {
        status: 409,
        code: 'provider_not_configured',
        error: 'no payments provider is configured for this tenant (PUT /payment/v2/provider-config)',
      }
    case 'provider.method_unavailable':
      return { status: 400, code: 'method_unavailable', error: `method: ${e.method} is not offered by ${e.provider}` }
    case 'provider.declined':
      return { status: 422, code: 'provider_declined', error: `the provider refused: ${e.reason}` }
    case 'provider.invalid_request':
      return { status: 422, code: 'provider_rejected', error: `the provider rejected the request: ${e.reason}` }
    case 'provider.auth':
      return {
        status: 502,
        code: 'provider_auth',
        error: 'the provider refused the tenant credentials; check PUT /payment/v2/provider-config',
      }
    case 'provider.unavailable':
      return { status: 503, code: 'provider_unavailable', error: `the provider is unavailable; retry later (${e.reason})` }
    case 'secrets.unreadable':
      return { status: 500, code: 'secrets_unreadable', error: 'stored provider credentials cannot be read; reconfigure them' }
    default: {
      const h = toHttpError(e)
      return { status: h.status, code: h.code, error: h.detail }
    }
  }
}

export function v2ErrorResponse(e: PaymentsV2Error, requestId: string): Response {
  const h = toV2HttpError(e)
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId })
  if (h.status === 401) headers.set('www-authenticate', 'Bearer realm="varco"')
  return new Response(JSON.stringify({ success: false, error: h.error, code: h.code }), { status: h.status, headers })
}
