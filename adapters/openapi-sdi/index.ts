/**
 * OpenAPI.it's SDI API as Varco's {@link SdiTransmitter} and {@link SdiAccountSetup} (spec
 * fatturapa.md §6): files go out with `POST /invoices` (send.ts), are read back by uuid, by file
 * name / number, and with their notifications (reads.ts), callbacks are checked by their header
 * (webhook.ts), and the account is set up once (setup.ts). Every call carries a Bearer token from
 * OpenAPI.it's OAuth (token.ts). The API key, the tokens and the callback secret never appear in a
 * reason. https://console.openapi.com/apis/sdi/documentation
 * @module
 */

import type { Clock } from '../../ports/clock.port.ts'
import type { WebhookInput } from '../../ports/payment-provider.port.ts'
import type { SdiAccountSetup, SdiTransmitter } from '../../ports/sdi-transmitter.port.ts'
import { createOpenapiClient } from './client.ts'
import { getInvoice, listNotifications, lookupInvoices } from './reads.ts'
import { sendInvoice } from './send.ts'
import { setUp } from './setup.ts'
import { verifyOpenapiCallback } from './webhook.ts'

export { scopesFor } from './client.ts'
export { LOOKUP_MAX_PAGES } from './reads.ts'
export { REFRESH_MARGIN_MS, TOKEN_TTL_S } from './token.ts'

/** The header Varco asks OpenAPI.it to put its callback secret in, unless configured otherwise. */
export const DEFAULT_CALLBACK_HEADER = 'X-Varco-Callback-Token'

export type OpenapiSdiConfig = {
  /** The SDI API: `https://sdi.openapi.it`, `https://test.sdi.openapi.it`, or the simulator's `<public>/sandbox/openapi-sdi`. */
  readonly sdiUrl: string
  /** The OAuth server: `https://oauth.openapi.com`, or the simulator's `<public>/sandbox/openapi-sdi/oauth`. */
  readonly oauthUrl: string
  readonly email: string
  readonly apiKey: string
  /** The name of the header OpenAPI.it puts the callback secret in (`auth_header`). */
  readonly callbackHeader: string
  readonly callbackSecret: string
  readonly fetch: typeof fetch
  readonly clock: Clock
  /** Per call, including reading the body (default 10 s). A send that times out is `unknown`. */
  readonly timeoutMs?: number
}

export function openapiSdi(config: OpenapiSdiConfig): SdiTransmitter & SdiAccountSetup {
  const client = createOpenapiClient(config)
  return {
    name: 'openapi',
    send: (xml) => sendInvoice(client, xml),
    get: (remoteId) => getInvoice(client, remoteId),
    lookup: (query) => lookupInvoices(client, query),
    notifications: (remoteId) => listNotifications(client, remoteId),
    verifyCallback: async (input: WebhookInput) => verifyOpenapiCallback(config.callbackHeader, config.callbackSecret, input),
    setup: (input) => setUp(client, input, config.callbackHeader),
  }
}
