/** `POST /webhooks/{provider}`: the raw body goes to the adapter's verification untouched. @module */

import { OpenAPIHono } from '@hono/zod-openapi'
import { handleProviderWebhook } from '../../core/use-cases/provider-webhook.ts'
import { providerWebhookRoute } from '../../openapi/webhooks.ts'
import type { AppEnv } from '../context.ts'
import { unwrap } from '../failure.ts'
import { validationHook } from '../validation.ts'

/** Webhook bodies are small; anything larger is not one. */
const MAX_BODY = 256 * 1024

export function webhookRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  app.openapi(providerWebhookRoute, async (c) => {
    const deps = c.get('deps')
    const rawBody = await c.req.text()
    if (rawBody.length > MAX_BODY) {
      unwrap({ ok: false, error: { code: 'webhook.rejected', kind: 'malformed', reason: 'body too large for a webhook' } })
    }
    const headers: Record<string, string> = {}
    c.req.raw.headers.forEach((value, key) => {
      headers[key.toLowerCase()] = value
    })
    const r = unwrap(await handleProviderWebhook(deps, c.req.valid('param').provider, { rawBody, headers, receivedAt: deps.clock() }))
    return c.json({ received: true as const, outcome: r.outcome, payment_id: r.paymentId, status: r.status }, 200)
  })
  return app
}
