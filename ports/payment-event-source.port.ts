/**
 * Events in from a message system: Kafka (pulled through a REST proxy by a cron job) or a
 * Cloudflare Queue (pushed to the Worker). A source hands each raw message body to one handler,
 * which validates and ingests it like `POST /payments` and says what became of it; the source then
 * acknowledges (commits) only what is settled, so delivery is at-least-once and a replay is
 * recognised by the ingest rules (known event id, known payment, own event).
 * @module
 */

/** What became of one inbound message. */
export type InboundDisposition =
  /** A new payment was stored (and possibly created at its intermediary). */
  | 'stored'
  /** Nothing to do: replay, own event, already processed, other version, not configured here. */
  | 'ignored'
  /** Permanently invalid (not JSON, not a v2.0 event, semantically wrong): counted and logged, never retried. */
  | 'rejected'
  /** A transient failure (database or network): deliver this message again later. */
  | 'retry'

/** Validates and ingests one raw message body (a JSON value, or JSON text). Never throws. */
export type HandleInboundEvent = (body: unknown) => Promise<InboundDisposition>

export type DrainReport = {
  /** Messages received from the source this run. */
  readonly received: number
  readonly stored: number
  readonly ignored: number
  readonly rejected: number
  /** Messages left for redelivery (a `retry`, or held back behind one in the same partition). */
  readonly retried: number
  /** Messages whose position was committed. */
  readonly committed: number
}

/** A pull source: takes a bounded batch, hands it over in order, commits what was settled. */
export interface PaymentEventSource {
  readonly name: string
  /**
   * Receives at most `max` messages and passes each to `handle`, in order within a partition. After
   * a `retry`, later messages of the same partition are not handled this run (order per key). Only
   * positions of settled messages are committed, and only after `handle` returned. Throws when the
   * source itself is unreachable; what was settled before that stays committed.
   */
  drain(handle: HandleInboundEvent, max: number): Promise<DrainReport>
}
