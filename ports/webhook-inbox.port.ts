/**
 * The inbox of incoming webhooks and callbacks (payments v1 and v2 providers; later SDI callbacks
 * and billing webhooks): which deliveries were already processed, so a replay is acknowledged
 * without acting again. A delivery is identified by who sent it, for whom, and the sender's event
 * id; each key is recorded at most once.
 * @module
 */

export type InboxKey = {
  /** The sender and the door it came through, e.g. `payments:stripe`, `payments-v2:revolut`. */
  readonly source: string
  /** Whom the delivery is for within that source: a tenant id, or `''` for a gateway-wide endpoint. */
  readonly scope: string
  /** Unique per event at the sender (the provider's event id). */
  readonly dedupeKey: string
}

export interface WebhookInbox {
  /** True when this delivery was already recorded. Does not record it. */
  seen(key: InboxKey): Promise<boolean>
  /**
   * Records a processed delivery and the id of what it was about (null when nothing here matched);
   * false when the key was already recorded (then nothing changes).
   */
  record(key: InboxKey, subjectId: string | null, at: Date): Promise<boolean>
}
