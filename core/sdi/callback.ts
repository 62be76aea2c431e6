/**
 * `POST /webhooks/openapi-sdi`: the intermediary's callback, a verified hint (core/use-cases/verified-hint.ts).
 * Authenticated by the configured header (constant time), deduplicated on the notification's id in
 * the webhook inbox (source `sdi:<transmitter>`), then the transmission is re-read at the
 * intermediary and brought up to date exactly as the reconciler would. A callback about a file not
 * known here yet (its send answer still in flight) is acknowledged; the reconciler catches up.
 * @module
 */

import type { WebhookInput } from '../../ports/payment-provider.port.ts'
import type { DomainError } from '../errors.ts'
import { err, ok, type Result } from '../result.ts'
import { type HintOutcome, receiveVerifiedHint } from '../use-cases/verified-hint.ts'
import type { SdiDeps } from './deps.ts'
import type { SdiTransmission } from './model.ts'
import { refreshTransmission } from './refresh.ts'

export async function receiveSdiCallback(deps: SdiDeps, input: WebhookInput): Promise<Result<HintOutcome<SdiTransmission>, DomainError>> {
  const transmitter = deps.transmitter
  if (transmitter === null) return err({ code: 'unavailable', dependency: 'sdi transmitter (OPENAPI_SDI_* not configured)' })
  return receiveVerifiedHint(
    deps,
    {
      inbox: { source: `sdi:${transmitter.name}`, scope: '' },
      verify: async (i) => {
        const v = await transmitter.verifyCallback(i)
        if (v.ok && v.value.createdAt !== null)
          deps.observe.callbackLag(Math.max(0, (i.receivedAt.getTime() - v.value.createdAt.getTime()) / 1000))
        return v
      },
      find: (hint) => deps.store.findByRemoteId(transmitter.name, hint.remoteId),
      apply: async (t) => ok((await refreshTransmission(deps, t, { countCheck: false })).transmission),
      idOf: (t) => t.id,
    },
    input,
  )
}
