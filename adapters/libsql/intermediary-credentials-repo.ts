/** IntermediaryCredentialsRepo on libSQL: one row per tenant and intermediary, secrets stored sealed only. @module */

import { z } from 'zod'
import { CREDENTIAL_INTERMEDIARIES, type StoredCredentials } from '../../core/intermediary-credentials.ts'
import type { IntermediaryCredentialsRepo } from '../../ports/intermediary-credentials-repo.port.ts'
import type { Db } from './client.ts'

const Strings = z.record(z.string(), z.string())

const Row = z.object({
  tenant_id: z.string(),
  intermediary: z.enum(CREDENTIAL_INTERMEDIARIES),
  sealed_json: z.string(),
  settings_json: z.string(),
  version: z.number().int(),
  updated_at: z.number().int(),
})

const COLUMNS = 'tenant_id, intermediary, sealed_json, settings_json, version, updated_at'

function toStored(row: unknown): StoredCredentials {
  const r = Row.parse(row)
  return {
    tenantId: r.tenant_id,
    intermediary: r.intermediary,
    sealed: Strings.parse(JSON.parse(r.sealed_json)),
    settings: Strings.parse(JSON.parse(r.settings_json)),
    version: r.version,
    updatedAt: new Date(r.updated_at),
  }
}

export function libsqlIntermediaryCredentialsRepo(db: Db): IntermediaryCredentialsRepo {
  const get: IntermediaryCredentialsRepo['get'] = async (tenantId, intermediary) => {
    const row = await db.first({
      sql: `SELECT ${COLUMNS} FROM tenant_intermediary_credentials WHERE tenant_id = ? AND intermediary = ?`,
      args: [tenantId, intermediary],
    })
    return row ? toStored(row) : null
  }
  return {
    get,
    async all() {
      const rs = await db.execute(`SELECT ${COLUMNS} FROM tenant_intermediary_credentials ORDER BY tenant_id, intermediary`)
      return rs.rows.map(toStored)
    },
    async reseal(tenantId, intermediary, expectedVersion, sealed) {
      const rs = await db.execute({
        sql: `UPDATE tenant_intermediary_credentials SET sealed_json = ?, version = version + 1
              WHERE tenant_id = ? AND intermediary = ? AND version = ?`,
        args: [JSON.stringify(sealed), tenantId, intermediary, expectedVersion],
      })
      return rs.rowsAffected === 1
    },
    async list(tenantId) {
      const rs = await db.execute({
        sql: `SELECT ${COLUMNS} FROM tenant_intermediary_credentials WHERE tenant_id = ? ORDER BY intermediary`,
        args: [tenantId],
      })
      return rs.rows.map(toStored)
    },
    async put(w) {
      if (Object.keys(w.sealed).length === 0) {
        await db.execute({
          sql: 'DELETE FROM tenant_intermediary_credentials WHERE tenant_id = ? AND intermediary = ?',
          args: [w.tenantId, w.intermediary],
        })
        return null
      }
      await db.execute({
        sql: `INSERT INTO tenant_intermediary_credentials (${COLUMNS}) VALUES (?, ?, ?, ?, 1, ?)
              ON CONFLICT (tenant_id, intermediary) DO UPDATE SET sealed_json = excluded.sealed_json,
                settings_json = excluded.settings_json, version = tenant_intermediary_credentials.version + 1,
                updated_at = excluded.updated_at`,
        args: [w.tenantId, w.intermediary, JSON.stringify(w.sealed), JSON.stringify(w.settings), w.updatedAt.getTime()],
      })
      const saved = await get(w.tenantId, w.intermediary)
      if (!saved) throw new Error('intermediary credentials vanished after they were written')
      return saved
    },
  }
}
