/** ProviderConfigRepo on libSQL: one row per tenant, secrets stored sealed only. @module */

import { z } from 'zod'
import type { ProviderConfig } from '../../core/payments-v2/model.ts'
import type { ProviderConfigRepo } from '../../ports/provider-config-repo.port.ts'
import type { Db } from './client.ts'

const Row = z.object({
  tenant_id: z.string(),
  provider: z.enum(['revolut', 'stripe']),
  api_key_sealed: z.string(),
  webhook_secret_sealed: z.string(),
  api_key_last4: z.string(),
  version: z.number().int(),
  updated_at: z.number().int(),
})

const COLUMNS = 'tenant_id, provider, api_key_sealed, webhook_secret_sealed, api_key_last4, version, updated_at'

function toConfig(row: unknown): ProviderConfig {
  const r = Row.parse(row)
  return {
    tenantId: r.tenant_id,
    provider: r.provider,
    apiKeySealed: r.api_key_sealed,
    webhookSecretSealed: r.webhook_secret_sealed,
    apiKeyLast4: r.api_key_last4,
    version: r.version,
    updatedAt: new Date(r.updated_at),
  }
}

export function libsqlProviderConfigRepo(db: Db): ProviderConfigRepo {
  const get = async (tenantId: string) => {
    const row = await db.first({ sql: `SELECT ${COLUMNS} FROM v2_provider_configs WHERE tenant_id = ?`, args: [tenantId] })
    return row ? toConfig(row) : null
  }
  return {
    get,
    async put(c) {
      await db.execute({
        sql: `INSERT INTO v2_provider_configs (${COLUMNS}) VALUES (?, ?, ?, ?, ?, 1, ?)
              ON CONFLICT (tenant_id) DO UPDATE SET provider = excluded.provider, api_key_sealed = excluded.api_key_sealed,
                webhook_secret_sealed = excluded.webhook_secret_sealed, api_key_last4 = excluded.api_key_last4,
                version = v2_provider_configs.version + 1, updated_at = excluded.updated_at`,
        args: [c.tenantId, c.provider, c.apiKeySealed, c.webhookSecretSealed, c.apiKeyLast4, c.updatedAt.getTime()],
      })
      const saved = await get(c.tenantId)
      if (!saved) throw new Error('provider configuration vanished after it was written')
      return saved
    },
    async list() {
      const rs = await db.execute(`SELECT ${COLUMNS} FROM v2_provider_configs ORDER BY tenant_id`)
      return rs.rows.map(toConfig)
    },
    async reseal(tenantId, expected, next) {
      const rs = await db.execute({
        sql: `UPDATE v2_provider_configs SET api_key_sealed = ?, webhook_secret_sealed = ?
              WHERE tenant_id = ? AND api_key_sealed = ? AND webhook_secret_sealed = ?`,
        args: [next.apiKeySealed, next.webhookSecretSealed, tenantId, expected.apiKeySealed, expected.webhookSecretSealed],
      })
      return rs.rowsAffected === 1
    },
  }
}
