/**
 * A receiver of Varco's signed webhooks, as the docs of adapters/webhook/signature.ts tell
 * receivers to build one: it verifies `Varco-Signature` on the raw body (401 when it does not
 * match), then takes the event, or gives the answer a test queued (a refusal, a throttle, a late
 * answer). Use `fetch` in-process (Node and workerd) or `listen()` for a real socket (Node only).
 * @module
 */

import { SIGNATURE_HEADER, verifyWebhookSignature } from '../../adapters/webhook/signature.ts'
import { type LocalServer, listenLocally } from './listen.ts'

export type WebhookDelivery = {
  readonly event: unknown
  /** `Varco-Key`: the partition key (the payment's service id). */
  readonly key: string | null
  readonly eventId: string | null
}

/** An answer for the next well-signed delivery instead of 204: its status and headers, after `delayMs`. */
export type WebhookAnswer = { readonly status: number; readonly headers?: Record<string, string>; readonly delayMs?: number }

export function webhookReceiver(secret: string) {
  const deliveries: WebhookDelivery[] = []
  const answers: WebhookAnswer[] = []
  const handler = async (req: Request): Promise<Response> => {
    const body = await req.text()
    if (!(await verifyWebhookSignature({ secret, header: req.headers.get(SIGNATURE_HEADER), body }))) {
      return new Response('signature does not match', { status: 401 })
    }
    const answer = answers.shift() ?? { status: 204 }
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs))
    if (answer.status >= 200 && answer.status <= 299) {
      deliveries.push({ event: JSON.parse(body), key: req.headers.get('varco-key'), eventId: req.headers.get('varco-event-id') })
    }
    return new Response(answer.status === 204 ? null : `answer ${answer.status}`, {
      status: answer.status,
      ...(answer.headers ? { headers: answer.headers } : {}),
    })
  }
  return {
    deliveries,
    /** Queues the answer to the next well-signed delivery. */
    answerNext: (answer: WebhookAnswer) => void answers.push(answer),
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => handler(new Request(input, init))) as typeof fetch,
    listen: (): Promise<LocalServer> => listenLocally(handler),
  }
}
