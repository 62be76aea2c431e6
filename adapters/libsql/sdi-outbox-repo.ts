/**
 * OutboxRepo over the SDI outbox (`sdi_outbox`, migration 10), written by libsqlSdiRepo with each
 * transmission change: one row per (event, publisher) with the event document inline. Same
 * semantics as the payments outbox (./outbox-repo.ts, whose table logic it shares): `paymentId` is
 * the transmission id, `key` the tenant id; order per transmission and publisher is the row id (a
 * transmission's changes are serialised by its version, so a later change's rows always have
 * higher ids); a parked row gets `next_attempt_at` = PARKED_AT and no longer blocks.
 * @module
 */

import { z } from 'zod'
import type { SdiWireEvent } from '../../core/sdi/wire-event.ts'
import type { OutboxEntry, OutboxRepo } from '../../ports/outbox.port.ts'
import type { Db } from './client.ts'
import { PARKED_AT, tableOutboxRepo } from './outbox-repo.ts'

const Row = z.object({
  id: z.number().int(),
  event_id: z.string(),
  transmission_id: z.string(),
  publisher: z.string(),
  partition_key: z.string(),
  attempts: z.number().int(),
  doc: z.string(),
})

const toEntry = (row: unknown): OutboxEntry => {
  const r = Row.parse(row)
  return {
    id: r.id,
    eventId: r.event_id,
    paymentId: r.transmission_id,
    publisher: r.publisher,
    key: r.partition_key,
    attempts: r.attempts,
    event: JSON.parse(r.doc) as SdiWireEvent,
  }
}

// Heads only: no earlier row of the same transmission is still pending (undelivered, not parked) on the same channel.
const DUE = `SELECT o.id, o.event_id, o.transmission_id, o.publisher, o.partition_key, o.attempts, o.doc
  FROM sdi_outbox o
  WHERE o.delivered_at IS NULL AND o.next_attempt_at <= ?
    AND NOT EXISTS (
      SELECT 1 FROM sdi_outbox o2
      WHERE o2.transmission_id = o.transmission_id AND o2.publisher = o.publisher AND o2.id < o.id
        AND o2.delivered_at IS NULL AND o2.next_attempt_at < ${PARKED_AT})`

export function libsqlSdiOutboxRepo(db: Db): OutboxRepo {
  return tableOutboxRepo(db, { table: 'sdi_outbox', due: DUE, subjectColumn: 'o.transmission_id', toEntry })
}
