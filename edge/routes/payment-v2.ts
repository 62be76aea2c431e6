/**
 * Handlers of the Agile payments v2 API (`/payment/v2`): one use-case call each. A middleware
 * answers 402 for tenants whose subscription is suspended or expired (after authentication, so
 * 401 comes first; before roles, so 402 comes before 403). Webhooks are public and verified.
 * @module
 */

import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { PaymentsV2Deps } from '../../core/payments-v2/deps.ts'
import type { PaymentsV2Error } from '../../core/payments-v2/errors.ts'
import { chargeMandate, createMandate, getMandate } from '../../core/payments-v2/mandates.ts'
import { billingBlocks, METHODS_BY_PROVIDER, type V2Mandate, type V2Payment } from '../../core/payments-v2/model.ts'
import { createLink, getPayment } from '../../core/payments-v2/payments.ts'
import { getProviderConfig, type ProviderConfigView, putProviderConfig } from '../../core/payments-v2/provider-config.ts'
import { handleV2Webhook } from '../../core/payments-v2/webhook.ts'
import type { Result } from '../../core/result.ts'
import {
  chargeMandateRoute,
  createLinkRoute,
  createMandateRoute,
  getMandateRoute,
  getPaymentRoute,
  getProviderConfigRoute,
  methodsRoute,
  putProviderConfigRoute,
  v2WebhookRoute,
} from '../../openapi/payment-v2.ts'
import type { AppEnv } from '../context.ts'
import { requireRole } from '../middleware/auth.ts'
import { validationHook } from '../validation.ts'
import { paymentsV2UseCaseDeps } from './payment-v2-deps.ts'
import { v2ErrorResponse } from './payment-v2-errors.ts'

/** Carries a payments v2 error to this sub-app's error handler. */
class V2Failure extends Error {
  override readonly name = 'V2Failure'
  readonly error: PaymentsV2Error
  constructor(error: PaymentsV2Error) {
    super(error.code)
    this.error = error
  }
}

function must<T>(r: Result<T, PaymentsV2Error>): T {
  if (!r.ok) throw new V2Failure(r.error)
  return r.value
}

const WEBHOOK_PREFIX = '/payment/v2/webhooks/'
const MAX_WEBHOOK_BODY = 256 * 1024

const useCaseDeps = (c: Context<AppEnv>): PaymentsV2Deps => paymentsV2UseCaseDeps(c.get('deps'), c.get('log'))

const iso = (d: Date | null) => (d === null ? null : d.toISOString())

const wireConfig = (v: ProviderConfigView) => ({
  provider: v.provider,
  api_key_set: v.apiKeySet,
  api_key_last4: v.apiKeyLast4,
  webhook_secret_set: v.webhookSecretSet,
  updated_at: v.updatedAt.toISOString(),
})

export const wirePayment = (p: V2Payment) => ({
  payment_id: p.id,
  payment_url: p.paymentUrl,
  status: p.status,
  kind: p.kind,
  provider: p.provider,
  method: p.method,
  amount: p.amount as number,
  currency: p.currency,
  description: p.description,
  reference: p.reference,
  mandate_id: p.mandateId,
  paid_at: iso(p.paidAt),
  created_at: p.createdAt.toISOString(),
  updated_at: p.updatedAt.toISOString(),
})

const wireMandate = (m: V2Mandate) => ({
  mandate_id: m.id,
  mandate_url: m.mandateUrl,
  status: m.status,
  iban_masked: m.ibanMasked,
  customer_name: m.customerName,
  customer_email: m.customerEmail,
  provider: m.provider,
  created_at: m.createdAt.toISOString(),
  updated_at: m.updatedAt.toISOString(),
})

export function paymentV2Routes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.onError((e, c) => {
    if (e instanceof V2Failure) {
      if (e.error.code === 'secrets.unreadable') c.get('log').error('payments v2: stored secrets do not open', { path: c.req.path })
      return v2ErrorResponse(e.error, c.get('requestId') ?? '')
    }
    throw e
  })

  // 402 for suspended or expired subscriptions, on every authenticated payments v2 route.
  app.use('/payment/v2/*', async (c, next) => {
    if (c.req.path.startsWith(WEBHOOK_PREFIX)) return next()
    const principal = c.get('principal')
    const status = await c.get('deps').paymentsV2.billing.get(principal.tenantId)
    if (status !== null && billingBlocks(status)) throw new V2Failure({ code: 'billing.inactive', status })
    await next()
  })

  app.openapi(getProviderConfigRoute, async (c) => {
    const v = must(await getProviderConfig(useCaseDeps(c), c.get('principal')))
    return c.json({ success: true as const, data: wireConfig(v) }, 200)
  })

  app.openapi(putProviderConfigRoute, async (c) => {
    const body = c.req.valid('json')
    const v = must(
      await putProviderConfig(useCaseDeps(c), c.get('principal'), {
        provider: body.provider,
        apiKey: body.api_key,
        webhookSecret: body.webhook_secret,
      }),
    )
    return c.json({ success: true as const, data: wireConfig(v) }, 200)
  })

  app.openapi(methodsRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const set = must(await useCaseDeps(c).providers(principal.tenantId))
    return c.json({ success: true as const, data: { provider: set.provider, methods: [...METHODS_BY_PROVIDER[set.provider]] } }, 200)
  })

  app.openapi(createLinkRoute, async (c) => {
    const principal = requireRole(c, 'operator')
    const b = c.req.valid('json')
    const r = must(
      await createLink(useCaseDeps(c), principal.tenantId, {
        amount: b.amount,
        currency: b.currency,
        description: b.description,
        reference: b.reference,
        method: b.method,
        returnUrl: b.return_url,
      }),
    )
    const data = wirePayment(r.payment)
    if (r.payment.status === 'unknown') return c.json({ success: true as const, data }, 202)
    if (r.replayed) return c.json({ success: true as const, data }, 200)
    c.header('location', `/payment/v2/payments/${r.payment.id}`)
    return c.json({ success: true as const, data }, 201)
  })

  app.openapi(getPaymentRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const p = must(await getPayment(useCaseDeps(c), principal.tenantId, c.req.valid('param').id))
    return c.json({ success: true as const, data: wirePayment(p) }, 200)
  })

  app.openapi(createMandateRoute, async (c) => {
    const principal = requireRole(c, 'operator')
    const b = c.req.valid('json')
    const m = must(
      await createMandate(useCaseDeps(c), principal.tenantId, {
        customerName: b.customer_name,
        customerEmail: b.customer_email,
        iban: b.iban,
        description: b.description,
        returnUrl: b.return_url ?? null,
      }),
    )
    if (m.status === 'unknown') return c.json({ success: true as const, data: wireMandate(m) }, 202)
    c.header('location', `/payment/v2/mandates/${m.id}`)
    return c.json({ success: true as const, data: wireMandate(m) }, 201)
  })

  app.openapi(getMandateRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const m = must(await getMandate(useCaseDeps(c), principal.tenantId, c.req.valid('param').id))
    return c.json({ success: true as const, data: wireMandate(m) }, 200)
  })

  app.openapi(chargeMandateRoute, async (c) => {
    const principal = requireRole(c, 'operator')
    const b = c.req.valid('json')
    const r = must(await chargeMandate(useCaseDeps(c), principal.tenantId, c.req.valid('param').id, b))
    const data = wirePayment(r.payment)
    if (r.payment.status === 'unknown') return c.json({ success: true as const, data }, 202)
    if (r.replayed) return c.json({ success: true as const, data }, 200)
    c.header('location', `/payment/v2/payments/${r.payment.id}`)
    return c.json({ success: true as const, data }, 201)
  })

  app.openapi(v2WebhookRoute, async (c) => {
    const deps = c.get('deps')
    const rawBody = await c.req.text()
    if (rawBody.length > MAX_WEBHOOK_BODY) {
      throw new V2Failure({ code: 'webhook.rejected', kind: 'malformed', reason: 'body too large for a webhook' })
    }
    const headers: Record<string, string> = {}
    c.req.raw.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value
    })
    const { tenant_id, provider } = c.req.valid('param')
    const r = must(await handleV2Webhook(useCaseDeps(c), tenant_id, provider, { rawBody, headers, receivedAt: deps.clock() }))
    return c.json(
      {
        success: true as const,
        data: { received: true as const, outcome: r.outcome, payment_id: r.paymentId, mandate_id: r.mandateId, status: r.status },
      },
      200,
    )
  })

  return app
}
