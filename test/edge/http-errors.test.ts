/** The one error mapper: one status and code per domain error, rendered in the envelope of the route's API. */

import { describe, expect, it } from 'vitest'
import type { DomainError } from '../../core/errors.ts'
import { errorResponse, isAgilePath, toHttpError } from '../../edge/http-errors.ts'

const CASES: ReadonlyArray<readonly [DomainError, number, string]> = [
  [{ code: 'validation', issues: [{ path: 'amount', message: 'must be positive' }] }, 400, 'validation'],
  [{ code: 'auth.missing_credentials', missing: 'api_key' }, 401, 'auth.missing_credentials'],
  [{ code: 'not_found', resource: 'payment', id: 'p-1' }, 404, 'not_found'],
  [{ code: 'webhook.rejected', kind: 'stale', reason: 'too old' }, 400, 'webhook.stale'],
  [{ code: 'billing.inactive', status: 'suspended' }, 402, 'billing_inactive'],
  [{ code: 'provider.not_configured' }, 409, 'provider_not_configured'],
  [{ code: 'provider.method_unavailable', provider: 'stripe', method: 'revolut_pay' }, 400, 'method_unavailable'],
  [{ code: 'provider.declined', reason: 'card declined' }, 422, 'provider_declined'],
  [{ code: 'provider.invalid_request', reason: 'bad' }, 422, 'provider_rejected'],
  [{ code: 'provider.auth', reason: '401' }, 502, 'provider_auth'],
  [{ code: 'provider.unavailable', reason: '503' }, 503, 'provider_unavailable'],
  [{ code: 'secrets.unreadable' }, 500, 'secrets_unreadable'],
  [
    {
      code: 'invoice.invalid',
      issues: [
        {
          layer: 'sdi',
          code: '00425',
          xpath: '/FatturaElettronica/X/Numero',
          message: { it: 'Numero senza cifre', en: 'no digit' },
          severity: 'error',
        },
        { layer: 'sdi', code: 'TEXT', xpath: '/FatturaElettronica/Y', message: { it: 'avviso', en: 'warning' }, severity: 'warning' },
      ],
    },
    400,
    'invoice_invalid',
  ],
]

describe('errorResponse(toHttpError(e), path)', () => {
  it('an invalid invoice lists every error (not the warnings) with its code, layer and xpath, on the Agile API', async () => {
    const e = CASES.at(-1)?.[0] as Parameters<typeof toHttpError>[0]
    const body = (await errorResponse(toHttpError(e), '/sdi/trasmetti', 'req-1').json()) as { errors: unknown[]; error: string }
    expect(body.errors).toEqual([{ field: '/FatturaElettronica/X/Numero', message: 'Numero senza cifre', code: '00425', layer: 'sdi' }])
    expect(body.error).toContain('1 error')
  })

  it.each(CASES)('%o is %i %s on both APIs', async (e, status, code) => {
    const agile = errorResponse(toHttpError(e), '/payment/v2/links', 'req-1')
    expect(agile.status).toBe(status)
    expect(agile.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const errors = toHttpError(e).errors
    expect(await agile.json()).toEqual({ success: false, error: toHttpError(e).detail, code, ...(errors ? { errors } : {}) })

    const proxy = errorResponse(toHttpError(e), '/payments/p-1', 'req-1')
    expect(proxy.status).toBe(status)
    expect(proxy.headers.get('content-type')).toBe('application/problem+json')
    expect(await proxy.json()).toMatchObject({
      type: `urn:varco:problem:${code}`,
      status,
      code,
      instance: '/payments/p-1',
      request_id: 'req-1',
    })
  })

  it('chooses the Agile envelope by route prefix', () => {
    for (const p of ['/billing', '/payment/v2/methods', '/fatturapa/genera', '/sdi/x']) expect(isAgilePath(p)).toBe(true)
    for (const p of ['/payments', '/payments/1', '/tenants', '/webhooks/stripe', '/paymentx']) expect(isAgilePath(p)).toBe(false)
  })
})
