/**
 * The one mapping from domain errors to HTTP, for every API. Each code gets one status, one
 * client-facing `code` string and one detail; `errorResponse` renders it in the envelope of the API
 * the route belongs to: RFC 7807 `application/problem+json` on the proxy API, `{ "success": false,
 * "error", "code" }` on the Agile API (`/billing`, `/payment`, `/fatturapa`, `/sdi`, `/rtd`). Adding a
 * domain error code is adding one case here. Details never carry a secret.
 * @module
 */

import type { DomainError, LinkRefusal } from '../core/errors.ts'
import { assertNever } from '../core/result.ts'
import { PROBLEM_CONTENT_TYPE } from '../openapi/common.ts'

export type HttpError = {
  readonly status: 400 | 401 | 402 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503
  readonly code: string
  readonly title: string
  readonly detail: string
  readonly errors?: ReadonlyArray<{ field: string; message: string; readonly code?: string; readonly layer?: string }>
}

const LINK_DETAIL: Readonly<Record<LinkRefusal, string>> = {
  missing: 'this link needs its signature (exp, kid, sig), as the payment’s links carry it',
  malformed: 'the link’s exp, kid or sig is malformed',
  unknown_key: 'the link was signed with a key that is no longer accepted',
  bad_signature: 'the link’s signature does not match',
  expired: 'the link has expired',
}

export function toHttpError(e: DomainError): HttpError {
  switch (e.code) {
    case 'validation': {
      const errors = e.issues.map((i) => ({ field: i.path || '(body)', message: i.message }))
      return {
        status: 400,
        code: e.code,
        title: 'Invalid request',
        detail: errors.map((i) => `${i.field}: ${i.message}`).join('; '),
        errors,
      }
    }
    case 'auth.missing_credentials':
      return {
        status: 401,
        code: e.code,
        title: 'Unauthorized',
        detail: e.missing === 'api_key' ? 'the X-API-Key header is required' : 'an Authorization: Bearer <JWT> header is required',
      }
    case 'auth.invalid_api_key':
      return { status: 401, code: e.code, title: 'Unauthorized', detail: 'the API key is not valid' }
    case 'auth.invalid_token':
      return { status: 401, code: e.code, title: 'Unauthorized', detail: `the bearer token is not valid: ${e.reason}` }
    case 'auth.token_expired':
      return { status: 401, code: e.code, title: 'Unauthorized', detail: 'the bearer token has expired' }
    case 'auth.invalid_link':
      return { status: 401, code: e.code, title: 'Unauthorized', detail: LINK_DETAIL[e.reason] }
    case 'auth.tenant_mismatch':
      return { status: 403, code: e.code, title: 'Forbidden', detail: 'the token belongs to a different tenant than the API key' }
    case 'auth.insufficient_role':
      return { status: 403, code: e.code, title: 'Forbidden', detail: `this operation needs role ${e.required}; the token has ${e.actual}` }
    case 'auth.platform_not_allowed':
      return {
        status: 403,
        code: e.code,
        title: 'Forbidden',
        detail:
          'a platform key is valid on the proxy API only (/tenants, /services, /payments, /imports, /update); this route needs a tenant key and a JWT',
      }
    case 'not_found':
      return { status: 404, code: e.code, title: 'Not found', detail: `${e.resource} ${e.id} not found` }
    case 'conflict':
      return { status: 409, code: e.code, title: 'Conflict', detail: e.detail }
    case 'webhook.rejected':
      return { status: 400, code: `webhook.${e.kind}`, title: 'Webhook rejected', detail: e.reason }
    case 'too_large':
      return {
        status: 413,
        code: 'payload_too_large',
        title: 'Payload too large',
        detail: `${e.what} is larger than ${e.limitBytes} bytes`,
      }
    case 'unprocessable':
      return { status: 422, code: e.code, title: 'Unprocessable', detail: e.detail }
    case 'unavailable':
      return { status: 503, code: e.code, title: 'Service unavailable', detail: `${e.dependency} is unavailable; retry later` }
    case 'billing.inactive':
      return { status: 402, code: 'billing_inactive', title: 'Payment required', detail: `the tenant subscription is ${e.status}` }
    case 'provider.not_configured':
      return {
        status: 409,
        code: 'provider_not_configured',
        title: 'Conflict',
        detail: 'no payments provider is configured for this tenant (PUT /payment/v2/provider-config)',
      }
    case 'provider.method_unavailable':
      return {
        status: 400,
        code: 'method_unavailable',
        title: 'Bad request',
        detail: `method: ${e.method} is not offered by ${e.provider}`,
      }
    case 'provider.declined':
      return { status: 422, code: 'provider_declined', title: 'Unprocessable', detail: `the provider refused: ${e.reason}` }
    case 'provider.invalid_request':
      return { status: 422, code: 'provider_rejected', title: 'Unprocessable', detail: `the provider rejected the request: ${e.reason}` }
    case 'provider.auth':
      return {
        status: 502,
        code: 'provider_auth',
        title: 'Bad gateway',
        detail: 'the provider refused the tenant credentials; check PUT /payment/v2/provider-config',
      }
    case 'provider.unavailable':
      return {
        status: 503,
        code: 'provider_unavailable',
        title: 'Service unavailable',
        detail: `the provider is unavailable; retry later (${e.reason})`,
      }
    case 'secrets.unreadable':
      return {
        status: 500,
        code: 'secrets_unreadable',
        title: 'Internal error',
        detail: 'stored provider credentials cannot be read; reconfigure them',
      }
    case 'invoice.invalid': {
      const errors = e.issues
        .filter((i) => i.severity === 'error')
        .map((i) => ({ field: i.xpath || '(document)', message: i.message.it, code: i.code, layer: i.layer }))
      return {
        status: 400,
        code: 'invoice_invalid',
        title: 'Invalid invoice',
        detail: `the invoice would be discarded by SDI (${errors.length} error${errors.length === 1 ? '' : 's'}); nothing was sent`,
        errors,
      }
    }
    default:
      return assertNever(e)
  }
}

const AGILE_PREFIXES = ['/billing', '/payment', '/fatturapa', '/sdi', '/rtd']

export function isAgilePath(path: string): boolean {
  return AGILE_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))
}

/** Renders an HttpError in the body style of the API that `path` belongs to. */
export function errorResponse(error: HttpError, path: string, requestId: string): Response {
  const headers = new Headers({ 'x-request-id': requestId })
  if (error.status === 401) headers.set('www-authenticate', 'Bearer realm="varco"')
  if (isAgilePath(path)) {
    headers.set('content-type', 'application/json; charset=utf-8')
    const body = { success: false, error: error.detail, code: error.code, ...(error.errors ? { errors: error.errors } : {}) }
    return new Response(JSON.stringify(body), { status: error.status, headers })
  }
  headers.set('content-type', PROBLEM_CONTENT_TYPE)
  const body = {
    type: `urn:varco:problem:${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.detail,
    instance: path,
    code: error.code,
    request_id: requestId,
    ...(error.errors ? { errors: error.errors } : {}),
  }
  return new Response(JSON.stringify(body), { status: error.status, headers })
}
