/** The webhook inbox (ports/webhook-inbox.port.ts) in the `webhook_inbox` table. @module */

import type { WebhookInbox } from '../../ports/webhook-inbox.port.ts'
import type { Db } from './client.ts'

export function libsqlWebhookInbox(db: Db): WebhookInbox {
  return {
    async seen(key) {
      const row = await db.first({
        sql: 'SELECT 1 AS seen FROM webhook_inbox WHERE source = ? AND scope = ? AND dedupe_key = ?',
        args: [key.source, key.scope, key.dedupeKey],
      })
      return row !== null
    },
    async record(key, subjectId, at) {
      const rs = await db.execute({
        sql: `INSERT INTO webhook_inbox (source, scope, dedupe_key, subject_id, received_at) VALUES (?, ?, ?, ?, ?)
              ON CONFLICT DO NOTHING`,
        args: [key.source, key.scope, key.dedupeKey, subjectId, at.getTime()],
      })
      return rs.rowsAffected === 1
    },
  }
}
