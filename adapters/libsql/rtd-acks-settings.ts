/**
 * The errors files (ADEACK) and settings half of RtdRepo on libSQL (`rtd_acks`, `rtd_settings`,
 * migration 12), with their row readers; libsqlRtdRepo (./rtd-repo.ts) spreads it in. An errors
 * file is inserted once (ON CONFLICT DO NOTHING) and confirmed once (the first time stays);
 * settings are one upserted row per tenant, the subscription key already sealed by the caller.
 * @module
 */

import { z } from 'zod'
import type { RtdAck } from '../../core/rtd/submission.ts'
import type { RtdRepo, RtdSettings } from '../../ports/rtd-repo.port.ts'
import type { Db, SqlValue } from './client.ts'
import { date, ms, nullableDate } from './columns.ts'
import { json } from './rtd-codec.ts'

const ACK_COLUMNS = 'tenant_id, file_name, size, rows, errors, warnings, downloaded_at, confirmed_at'
const SETTINGS_COLUMN_LIST = [
  'tenant_id',
  'sender_codes_json',
  'environment',
  'subscription_key_sealed',
  'pinned_fingerprint',
  'abi_map_json',
  'skip_limit',
  'updated_at',
] as const
const SETTINGS_COLUMNS = SETTINGS_COLUMN_LIST.join(', ')
const count = ms.nonnegative()

const AckRow = z.object({
  tenant_id: z.string(),
  file_name: z.string(),
  size: count,
  rows: count,
  errors: count,
  warnings: count,
  downloaded_at: date,
  confirmed_at: nullableDate,
})

function toAck(row: unknown): RtdAck {
  const r = AckRow.parse(row)
  return {
    tenantId: r.tenant_id,
    fileName: r.file_name,
    size: r.size,
    rows: r.rows,
    errors: r.errors,
    warnings: r.warnings,
    downloadedAt: r.downloaded_at,
    confirmedAt: r.confirmed_at,
  }
}

const SettingsRow = z.object({
  tenant_id: z.string(),
  sender_codes_json: json(z.array(z.string())),
  environment: z.enum(['prod', 'uat', 'dev']),
  subscription_key_sealed: z.string().nullable(),
  pinned_fingerprint: z.string().nullable(),
  abi_map_json: json(z.record(z.string(), z.string())),
  skip_limit: count,
  updated_at: date,
})

function toSettings(row: unknown): RtdSettings {
  const r = SettingsRow.parse(row)
  return {
    tenantId: r.tenant_id,
    senderCodes: r.sender_codes_json,
    environment: r.environment,
    subscriptionKeySealed: r.subscription_key_sealed,
    pinnedFingerprint: r.pinned_fingerprint,
    abiToFiscalCode: r.abi_map_json,
    skipLimit: r.skip_limit,
    updatedAt: r.updated_at,
  }
}

function settingsRow(s: RtdSettings): readonly SqlValue[] {
  return [
    s.tenantId,
    JSON.stringify([...s.senderCodes]),
    s.environment,
    s.subscriptionKeySealed,
    s.pinnedFingerprint,
    JSON.stringify({ ...s.abiToFiscalCode }),
    s.skipLimit,
    s.updatedAt.getTime(),
  ]
}

const Content = z.object({ content: z.string() })

export function rtdAcksAndSettings(
  db: Db,
): Pick<RtdRepo, 'saveAck' | 'confirmAck' | 'acks' | 'ack' | 'settings' | 'allSettings' | 'putSettings' | 'resealSubscriptionKey'> {
  const run = (sql: string, args: readonly SqlValue[]) => db.execute({ sql, args })
  return {
    async saveAck(ack, content) {
      const rs = await run(
        `INSERT INTO rtd_acks (tenant_id, file_name, size, rows, errors, warnings, content, downloaded_at, confirmed_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, file_name) DO NOTHING`,
        [
          ack.tenantId,
          ack.fileName,
          ack.size,
          ack.rows,
          ack.errors,
          ack.warnings,
          content,
          ack.downloadedAt.getTime(),
          ack.confirmedAt?.getTime() ?? null,
        ],
      )
      return rs.rowsAffected === 1 ? 'created' : 'exists'
    },

    async confirmAck(tenantId, fileName, at) {
      await run('UPDATE rtd_acks SET confirmed_at = ? WHERE tenant_id = ? AND file_name = ? AND confirmed_at IS NULL', [
        at.getTime(),
        tenantId,
        fileName,
      ])
    },

    async acks(tenantId, limit) {
      const rs = await run(`SELECT ${ACK_COLUMNS} FROM rtd_acks WHERE tenant_id = ? ORDER BY downloaded_at DESC, file_name DESC LIMIT ?`, [
        tenantId,
        Math.max(0, Math.floor(limit)),
      ])
      return rs.rows.map(toAck)
    },

    async ack(tenantId, fileName) {
      const row = await db.first({
        sql: `SELECT ${ACK_COLUMNS}, content FROM rtd_acks WHERE tenant_id = ? AND file_name = ?`,
        args: [tenantId, fileName],
      })
      return row ? { ack: toAck(row), content: Content.parse(row).content } : null
    },

    async settings(tenantId) {
      const row = await db.first({ sql: `SELECT ${SETTINGS_COLUMNS} FROM rtd_settings WHERE tenant_id = ?`, args: [tenantId] })
      return row ? toSettings(row) : null
    },

    async allSettings() {
      return (await run(`SELECT ${SETTINGS_COLUMNS} FROM rtd_settings ORDER BY tenant_id`, [])).rows.map(toSettings)
    },

    async putSettings(s) {
      const cols = SETTINGS_COLUMN_LIST
      await run(
        `INSERT INTO rtd_settings (${SETTINGS_COLUMNS}) VALUES (${cols.map(() => '?').join(', ')})
         ON CONFLICT (tenant_id) DO UPDATE SET ${cols
           .slice(1)
           .map((c) => `${c} = excluded.${c}`)
           .join(', ')}`,
        settingsRow(s),
      )
    },

    async resealSubscriptionKey(tenantId, expected, next) {
      const rs = await run('UPDATE rtd_settings SET subscription_key_sealed = ? WHERE tenant_id = ? AND subscription_key_sealed = ?', [
        next,
        tenantId,
        expected,
      ])
      return rs.rowsAffected === 1
    },
  }
}
