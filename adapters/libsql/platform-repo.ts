/** PlatformRepo on libSQL: `platforms` and `platform_keys` (hashes only). Rows pass zod on the way in. @module */

import { z } from 'zod'
import type { DomainError } from '../../core/errors.ts'
import type { Platform, PlatformCredential } from '../../core/platform.ts'
import { err, ok, type Result } from '../../core/result.ts'
import type { PlatformRepo } from '../../ports/platform-repo.port.ts'
import type { Db } from './client.ts'
import { date, nullableDate } from './columns.ts'
import { isUniqueViolation } from './errors.ts'

const PlatformRow = z.object({ id: z.string(), name: z.string(), created_at: date, revoked_at: nullableDate })

const CredentialRow = z.object({
  key_id: z.string(),
  platform_id: z.string(),
  hash: z.string(),
  created_at: date,
  revoked_at: nullableDate,
  expires_at: nullableDate,
})

export function libsqlPlatformRepo(db: Db): PlatformRepo {
  return {
    async create(p: Platform, c: PlatformCredential): Promise<Result<void, DomainError>> {
      try {
        await db.batch(
          [
            {
              sql: 'INSERT INTO platforms (id, name, created_at, revoked_at) VALUES (?, ?, ?, ?)',
              args: [p.id, p.name, p.createdAt.getTime(), p.revokedAt?.getTime() ?? null],
            },
            {
              sql: 'INSERT INTO platform_keys (key_id, platform_id, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?)',
              args: [c.keyId, c.platformId, c.hash, c.createdAt.getTime(), c.revokedAt?.getTime() ?? null],
            },
          ],
          'write',
        )
        return ok(undefined)
      } catch (e) {
        if (isUniqueViolation(e))
          return err({ code: 'conflict', resource: 'platform', id: p.id, detail: 'a platform with this id already exists' })
        throw e
      }
    },

    async get(platformId) {
      const row = await db.first({ sql: 'SELECT id, name, created_at, revoked_at FROM platforms WHERE id = ?', args: [platformId] })
      if (!row) return null
      const r = PlatformRow.parse(row)
      return { id: r.id, name: r.name, createdAt: r.created_at, revokedAt: r.revoked_at }
    },

    async findCredential(keyId) {
      const row = await db.first({
        sql: `SELECT k.key_id, k.platform_id, k.hash, k.created_at, COALESCE(k.revoked_at, p.revoked_at) AS revoked_at, k.expires_at
              FROM platform_keys k JOIN platforms p ON p.id = k.platform_id WHERE k.key_id = ?`,
        args: [keyId],
      })
      if (!row) return null
      const r = CredentialRow.parse(row)
      return {
        keyId: r.key_id,
        platformId: r.platform_id,
        hash: r.hash,
        createdAt: r.created_at,
        revokedAt: r.revoked_at,
        // Absent when there is no grace period, as the credential was given to create (the storage contract).
        ...(r.expires_at !== null ? { expiresAt: r.expires_at } : {}),
      }
    },

    async revoke(platformId, at) {
      const [platform] = await db.batch(
        [
          { sql: 'UPDATE platforms SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?', args: [at.getTime(), platformId] },
          { sql: 'UPDATE platform_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE platform_id = ?', args: [at.getTime(), platformId] },
        ],
        'write',
      )
      return (platform?.rowsAffected ?? 0) === 1
    },
  }
}
