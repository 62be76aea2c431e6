/**
 * Events out as signed HTTP webhooks: each event is POSTed as JSON to WEBHOOK_URL with
 * `Varco-Signature` (see signature.ts for how to verify it), `Varco-Event-Id` (dedupe key) and
 * `Varco-Key` (the service id; an SDI event's tenant id). Any 2xx is delivered; 400, 410, 413, 415 and 422 refuse the event
 * for good; everything else (timeouts, 5xx, 429 with Retry-After, auth or routing errors being
 * fixed, redirects, which are not followed) is retried by the dispatcher with backoff.
 * @module
 */

import type { EventPublisher, PublishResult } from '../../ports/event-publisher.port.ts'
import { withDeadline } from '../shared/deadline.ts'
import { DEFAULT_TIMEOUT_MS } from '../shared/http.ts'
import { publishFailure } from '../shared/publish.ts'
import { SIGNATURE_HEADER, signWebhook } from './signature.ts'

export type WebhookConfig = {
  readonly url: string
  readonly secret: string
  readonly fetch?: typeof fetch
  readonly timeoutMs?: number
  /** Signing time; default the system clock. */
  readonly clock?: () => Date
  /** Publisher name in outbox rows; default `webhook`. */
  readonly name?: string
}

const PERMANENT = new Set([400, 410, 413, 415, 422])

function failure(status: number, retryAfter: string | null, text: string): PublishResult {
  const reason = `webhook: HTTP ${status}${text ? ` ${text.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`
  return publishFailure(reason, PERMANENT.has(status), retryAfter)
}

export function createWebhookPublisher(config: WebhookConfig): EventPublisher {
  const doFetch = config.fetch ?? fetch
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const clock = config.clock ?? (() => new Date())
  return {
    name: config.name ?? 'webhook',
    async publish(event, key) {
      const body = JSON.stringify(event)
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'varco-webhook',
        [SIGNATURE_HEADER]: await signWebhook(config.secret, body, clock()),
        'Varco-Event-Id': event.event_id,
        'Varco-Key': key,
      }
      try {
        const exchange = async (signal: AbortSignal) => {
          const res = await doFetch(config.url, { method: 'POST', headers, body, redirect: 'manual', signal })
          return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text() }
        }
        const r = await withDeadline(timeoutMs, exchange)
        return r.status >= 200 && r.status <= 299 ? { kind: 'ok' } : failure(r.status, r.retryAfter, r.text)
      } catch (e) {
        return { kind: 'retryable', reason: `webhook: ${e instanceof Error ? e.message : String(e)}` }
      }
    },
  }
}
