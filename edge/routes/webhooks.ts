/** `POST /webhooks/{provider}`: the raw body goes to the adapter's verification untouched. @module */

import { OpenAPIHono } from '@hono/zod-openapi'
import { handleProviderWebhook } from '../../core/use-cases/provider-webhook.ts'
import { providerWebhookRoute } from '../../openapi/webhooks.ts'
import type { AppEnv } from '../context.ts'
import { unwrap } from '../failure.ts'
import { validationHook } from '../validation.ts'
import { webhookInput } from '../webhook-input.ts'

export function webhookRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.openapi(providerWebhookRoute, async (c) => {
    const input = await webhookInput(c)
    const r = unwrap(await handleProviderWebhook(c.get('deps'), c.req.valid('param').provider, input))
    return c.json({ received: true as const, outcome: r.outcome, payment_id: r.paymentId, status: r.status }, 200)
  })
  return app
}
