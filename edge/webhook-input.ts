/** The raw input of an incoming webhook, as every webhook route hands it to the verified-hint flow. @module */

import type { Context } from 'hono'
import type { WebhookInput } from '../ports/payment-provider.port.ts'
import type { AppEnv } from './context.ts'
import { DomainFailure } from './failure.ts'

/** Webhook bodies are small; anything larger is not one. */
export const MAX_WEBHOOK_BODY = 256 * 1024

/** The exact body received (signatures are checked on these bytes) and the headers in lower case. */
export async function webhookInput(c: Context<AppEnv>): Promise<WebhookInput> {
  const rawBody = await c.req.text()
  if (rawBody.length > MAX_WEBHOOK_BODY) {
    throw new DomainFailure({ code: 'webhook.rejected', kind: 'malformed', reason: 'body too large for a webhook' })
  }
  const headers: Record<string, string> = {}
  c.req.raw.headers.forEach((value, key) => {
    headers[key.toLowerCase()] = value
  })
  return { rawBody, headers, receivedAt: c.get('deps').clock() }
}
