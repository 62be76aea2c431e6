/**
 * Storage of SDI transmissions and their notifications. Every read a user can reach is scoped by
 * tenant id. Idempotency lives here: (tenant, fattura_numero, attempt) is unique, so of twenty
 * concurrent first sends exactly one `begin` inserts and the others get that row back. State
 * changes are compare-and-set on `version`, so two writers (a callback and
 * the reconciler) never both apply a step; each change writes its `sdi.transmission.updated` event
 * to the outbox in the same transaction.
 * @module
 */

import type { SdiNotificationRecord, SdiState, SdiTransmission } from '../core/sdi/model.ts'
import type { SdiWireEvent } from '../core/sdi/wire-event.ts'

/**
 * The event written with each state change, delivered by the outbox dispatcher to every configured
 * publisher (doc = the event JSON, stored and published as given; its `event_id` and `type` must be
 * `eventId` and `type`, else the write throws). Partition key: the tenant id.
 */
export type SdiEvent = {
  readonly eventId: string
  readonly type: 'sdi.transmission.updated'
  readonly doc: SdiWireEvent
}

export type BeginOutcome =
  | { readonly created: true; readonly transmission: SdiTransmission }
  /** This tenant already has this attempt of this number: that record, as stored. */
  | { readonly created: false; readonly transmission: SdiTransmission }

export type SdiListFilter = {
  readonly state?: SdiState
  /** createdAt ≥ from, < to. */
  readonly from?: Date
  readonly to?: Date
  readonly limit: number
  /** Opaque cursor of the previous page (newest first); one this repo did not make gives an empty page. */
  readonly cursor?: string
}

export type SdiPage = { readonly items: readonly SdiTransmission[]; readonly nextCursor: string | null }

export interface SdiRepo {
  /**
   * Inserts a new transmission with its event, unless (tenant, numero, attempt) exists: then returns
   * that one and writes nothing (the event is written only with the insert).
   */
  begin(t: SdiTransmission, event: SdiEvent): Promise<BeginOutcome>
  get(tenantId: string, id: string): Promise<SdiTransmission | null>
  /** The latest attempt of a number. */
  latestByNumero(tenantId: string, fatturaNumero: string): Promise<SdiTransmission | null>
  /** Any tenant's transmission by the intermediary's id (callbacks name the invoice by it). */
  findByRemoteId(transmitter: string, remoteId: string): Promise<SdiTransmission | null>
  /** Newest first (createdAt, then id, descending); `nextCursor` is null on the last page. */
  list(tenantId: string, filter: SdiListFilter): Promise<SdiPage>
  /**
   * Writes `next` (its `version` is the stored one + 1), its events and its new notifications, if the
   * stored version is still `expectedVersion`; false otherwise (someone else wrote first). Notifications
   * are numbered `n` = 1, 2, … in the order stored (the `n` given is ignored); one whose `remoteId` is
   * already stored for the transmission is skipped. `xml` and `xmlSha256` are written once, by `begin`;
   * `tenantId` and `id` name the row. Throws when `next.version` is not `expectedVersion + 1` (a bug).
   */
  update(
    next: SdiTransmission,
    expectedVersion: number,
    change: { readonly events: readonly SdiEvent[]; readonly notifications: readonly SdiNotificationRecord[] },
  ): Promise<boolean>
  /** The notifications stored for a transmission, by `n`. */
  notifications(tenantId: string, id: string): Promise<readonly SdiNotificationRecord[]>
  /** Transmissions of every tenant with `nextCheckAt <= now`, most overdue first. */
  listDue(now: Date, limit: number): Promise<readonly SdiTransmission[]>
  /** The next number of `SDI-<year>-<n>` ids (a counter per year). */
  nextSequence(year: number): Promise<number>
}
