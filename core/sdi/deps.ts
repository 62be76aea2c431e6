/** What the SDI use cases need, as ports (built once per isolate by edge/deps/sdi.ts). @module */

import type { Clock } from '../../ports/clock.port.ts'
import type { NewId } from '../../ports/id-gen.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { SdiRepo } from '../../ports/sdi-repo.port.ts'
import type { SdiNotificationType, SdiTransmitter } from '../../ports/sdi-transmitter.port.ts'
import type { WebhookInbox } from '../../ports/webhook-inbox.port.ts'
import type { XsdValidator } from '../../ports/xsd-validator.port.ts'

/** Counters the use cases report to (Prometheus on the edge); never part of a decision. */
export type SdiObserver = {
  /** One send to the intermediary and what became of it. */
  sent(outcome: 'accepted' | 'refused' | 'unknown'): void
  /** A notification stored, with its SDI error codes (NS) or esito (NE). */
  notified(type: SdiNotificationType, codes: readonly string[]): void
  /** Seconds between the intermediary creating a notification and its callback reaching us. */
  callbackLag(seconds: number): void
}

export const NO_OBSERVER: SdiObserver = { sent() {}, notified() {}, callbackLag() {} }

export type SdiDeps = {
  readonly clock: Clock
  readonly newId: NewId
  readonly logger: Logger
  readonly store: SdiRepo
  /** Null when no intermediary is configured (then sending answers 503; reading still works). */
  readonly transmitter: SdiTransmitter | null
  /** The FatturaPA validator (also the XML reader of notifications: one hardened parser). */
  readonly xsd: () => Promise<XsdValidator>
  readonly sha256Hex: (text: string) => Promise<string>
  readonly inbox: WebhookInbox
  readonly observe: SdiObserver
}
