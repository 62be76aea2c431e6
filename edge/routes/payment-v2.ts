/**
 * Handlers of the Agile payments v2 API (`/payment/v2`): one use-case call each. A middleware
 * answers 402 for tenants whose subscription is suspended or expired (after authentication, so
 * 401 comes first; before roles, so 402 comes before 403). Webhooks are public and verified.
 * @module
 */

import { OpenAPIHono } from '@hono/zod-openapi'
import { chargeMandate, createMandate, getMandate } from '../../core/payments-v2/mandates.ts'
import { listMethods } from '../../core/payments-v2/methods.ts'
import type { V2Mandate, V2Payment } from '../../core/payments-v2/model.ts'
import { createLink, getPayment } from '../../core/payments-v2/payments.ts'
import { getProviderConfig, type ProviderConfigView, putProviderConfig } from '../../core/payments-v2/provider-config.ts'
import { handleV2Webhook } from '../../core/payments-v2/webhook.ts'
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
import { unwrap } from '../failure.ts'
import { requireRole, tenantPrincipal } from '../middleware/auth.ts'
import { validationHook } from '../validation.ts'
import { webhookInput } from '../webhook-input.ts'

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

  app.openapi(getProviderConfigRoute, async (c) => {
    const v = unwrap(await getProviderConfig(c.get('deps').paymentsV2, tenantPrincipal(c)))
    return c.json({ success: true as const, data: wireConfig(v) }, 200)
  })

  app.openapi(putProviderConfigRoute, async (c) => {
    const body = c.req.valid('json')
    const v = unwrap(
      await putProviderConfig(c.get('deps').paymentsV2, tenantPrincipal(c), {
        provider: body.provider,
        apiKey: body.api_key,
        webhookSecret: body.webhook_secret,
      }),
    )
    return c.json({ success: true as const, data: wireConfig(v) }, 200)
  })

  app.openapi(methodsRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const m = unwrap(await listMethods(c.get('deps').paymentsV2, principal.tenantId))
    return c.json({ success: true as const, data: { provider: m.provider, methods: [...m.methods] } }, 200)
  })

  app.openapi(createLinkRoute, async (c) => {
    const principal = requireRole(c, 'operator')
    const b = c.req.valid('json')
    const r = unwrap(
      await createLink(c.get('deps').paymentsV2, principal.tenantId, {
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
    const p = unwrap(await getPayment(c.get('deps').paymentsV2, principal.tenantId, c.req.valid('param').id))
    return c.json({ success: true as const, data: wirePayment(p) }, 200)
  })

  app.openapi(createMandateRoute, async (c) => {
    const principal = requireRole(c, 'operator')
    const b = c.req.valid('json')
    const m = unwrap(
      await createMandate(c.get('deps').paymentsV2, principal.tenantId, {
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
    const m = unwrap(await getMandate(c.get('deps').paymentsV2, principal.tenantId, c.req.valid('param').id))
    return c.json({ success: true as const, data: wireMandate(m) }, 200)
  })

  app.openapi(chargeMandateRoute, async (c) => {
    const principal = requireRole(c, 'operator')
    const b = c.req.valid('json')
    const r = unwrap(await chargeMandate(c.get('deps').paymentsV2, principal.tenantId, c.req.valid('param').id, b))
    const data = wirePayment(r.payment)
    if (r.payment.status === 'unknown') return c.json({ success: true as const, data }, 202)
    if (r.replayed) return c.json({ success: true as const, data }, 200)
    c.header('location', `/payment/v2/payments/${r.payment.id}`)
    return c.json({ success: true as const, data }, 201)
  })

  app.openapi(v2WebhookRoute, async (c) => {
    const input = await webhookInput(c)
    const { tenant_id, provider } = c.req.valid('param')
    const r = unwrap(await handleV2Webhook(c.get('deps').paymentsV2, tenant_id, provider, input))
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
