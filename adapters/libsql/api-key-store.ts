/**
 * ApiKeyStore on libSQL, for `api_keys` (tenants) and `platform_keys` (platforms): rotation is one
 * write batch (insert the new key, end the old ones), revocation one guarded UPDATE. `revoked_at`
 * means stopped; `expires_at` (migration 15) is the end of a rotated key's grace period.
 * @module
 */

import { z } from 'zod'
import type { ApiKeyStore } from '../../ports/api-key-store.port.ts'
import type { Db } from './client.ts'
import { date, nullableDate } from './columns.ts'

const TABLES = {
  tenant: { keys: 'api_keys', owner: 'tenant_id', owners: 'tenants', alive: '1 = 1' },
  platform: { keys: 'platform_keys', owner: 'platform_id', owners: 'platforms', alive: 'revoked_at IS NULL' },
} as const

const KeyRow = z.object({ key_id: z.string(), owner_id: z.string(), created_at: date, revoked_at: nullableDate, expires_at: nullableDate })

export function libsqlApiKeyStore(db: Db, kind: keyof typeof TABLES): ApiKeyStore {
  const t = TABLES[kind]
  return {
    async rotate(ownerId, key, graceEnd) {
      const now = key.createdAt.getTime()
      // The INSERT selects from the owner's table, so a missing (or revoked) owner inserts nothing,
      // and the UPDATE, guarded by the new key's presence, ends nothing.
      const others = `${t.owner} = ? AND key_id <> ? AND revoked_at IS NULL AND EXISTS (SELECT 1 FROM ${t.keys} WHERE key_id = ?)`
      const end =
        graceEnd === null
          ? { sql: `UPDATE ${t.keys} SET revoked_at = ? WHERE ${others}`, args: [now, ownerId, key.keyId, key.keyId] }
          : {
              sql: `UPDATE ${t.keys} SET expires_at = ? WHERE ${others} AND (expires_at IS NULL OR expires_at > ?)`,
              args: [graceEnd.getTime(), ownerId, key.keyId, key.keyId, graceEnd.getTime()],
            }
      const [inserted] = await db.batch(
        [
          {
            sql: `INSERT INTO ${t.keys} (key_id, ${t.owner}, hash, created_at, revoked_at, expires_at)
                  SELECT ?, id, ?, ?, NULL, NULL FROM ${t.owners} WHERE id = ? AND ${t.alive}`,
            args: [key.keyId, key.hash, now, ownerId],
          },
          end,
        ],
        'write',
      )
      return (inserted?.rowsAffected ?? 0) === 1
    },

    async revoke(ownerId, keyId, at) {
      const rs = await db.execute({
        sql: `UPDATE ${t.keys} SET revoked_at = ? WHERE ${t.owner} = ? AND key_id = ? AND revoked_at IS NULL`,
        args: [at.getTime(), ownerId, keyId],
      })
      if (rs.rowsAffected === 1) return 'revoked'
      const row = await db.first({ sql: `SELECT 1 AS found FROM ${t.keys} WHERE ${t.owner} = ? AND key_id = ?`, args: [ownerId, keyId] })
      return row === null ? 'not_found' : 'already'
    },

    async list(ownerId) {
      const rs = await db.execute({
        sql: `SELECT key_id, ${t.owner} AS owner_id, created_at, revoked_at, expires_at FROM ${t.keys}
              WHERE ${t.owner} = ? ORDER BY created_at, key_id`,
        args: [ownerId],
      })
      return rs.rows.map((row) => {
        const r = KeyRow.parse(row)
        return { keyId: r.key_id, ownerId: r.owner_id, createdAt: r.created_at, revokedAt: r.revoked_at, expiresAt: r.expires_at }
      })
    },
  }
}
