/** TenantRepo on libSQL. Rows pass a zod schema on the way in, so a corrupt row fails loudly. @module */

import { z } from 'zod'
import type { DomainError } from '../../core/errors.ts'
import { err, ok, type Result } from '../../core/result.ts'
import type { Tenant } from '../../core/tenant.ts'
import type { ApiKeyCredential, TenantRepo } from '../../ports/tenant-repo.port.ts'
import type { Db } from './client.ts'
import { date, nullableDate } from './columns.ts'
import { isUniqueViolation } from './errors.ts'

const TenantRow = z.object({
  id: z.string(),
  name: z.string(),
  tax_identification_number: z.string(),
  ipa_code: z.string().nullable(),
  active: z.union([z.literal(0), z.literal(1)]).transform((v) => v === 1),
  configured_at: nullableDate,
  created_at: date,
  updated_at: date,
  pagopa: z.string().nullable(),
  platform_id: z.string().nullable(),
})

const PagopaDoc = z.object({
  segregationCode: z.string(),
  auxDigit: z.enum(['0', '1', '2', '3']),
  iban: z.string().nullable(),
  postalAccount: z.string().nullable(),
})

const CredentialRow = z.object({
  key_id: z.string(),
  tenant_id: z.string(),
  hash: z.string(),
  created_at: date,
  revoked_at: nullableDate,
  expires_at: nullableDate,
})

function toTenant(row: unknown): Tenant {
  const r = TenantRow.parse(row)
  return {
    id: r.id,
    name: r.name,
    taxIdentificationNumber: r.tax_identification_number,
    ipaCode: r.ipa_code,
    active: r.active,
    configuredAt: r.configured_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    pagopa: r.pagopa === null ? null : PagopaDoc.parse(JSON.parse(r.pagopa)),
    platformId: r.platform_id,
  }
}

/** Column values in TENANT_COLUMNS order, minus `id` (first) which callers place as their SQL needs. */
function tenantValues(t: Tenant) {
  return [
    t.name,
    t.taxIdentificationNumber,
    t.ipaCode,
    t.active ? 1 : 0,
    t.configuredAt?.getTime() ?? null,
    t.createdAt.getTime(),
    t.updatedAt.getTime(),
    t.pagopa === null ? null : JSON.stringify(t.pagopa),
  ] as const
}

const TENANT_COLUMNS = 'id, name, tax_identification_number, ipa_code, active, configured_at, created_at, updated_at, pagopa'
const SELECT_TENANT = `SELECT ${TENANT_COLUMNS}, platform_id FROM tenants`

export function libsqlTenantRepo(db: Db): TenantRepo {
  return {
    async create(tenant, credential): Promise<Result<void, DomainError>> {
      try {
        const insertTenant = {
          sql: `INSERT INTO tenants (${TENANT_COLUMNS}, platform_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [tenant.id, ...tenantValues(tenant), tenant.platformId ?? null],
        }
        const insertKey = credential && {
          sql: 'INSERT INTO api_keys (key_id, tenant_id, hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?)',
          args: [
            credential.keyId,
            credential.tenantId,
            credential.hash,
            credential.createdAt.getTime(),
            credential.revokedAt?.getTime() ?? null,
          ],
        }
        await db.batch(insertKey ? [insertTenant, insertKey] : [insertTenant], 'write')
        return ok(undefined)
      } catch (e) {
        if (isUniqueViolation(e)) {
          return err({ code: 'conflict', resource: 'tenant', id: tenant.id, detail: 'a tenant with this id already exists' })
        }
        throw e
      }
    },

    async get(tenantId) {
      const row = await db.first({ sql: `${SELECT_TENANT} WHERE id = ?`, args: [tenantId] })
      return row ? toTenant(row) : null
    },

    async listByPlatform(platformId) {
      const rs = await db.execute({ sql: `${SELECT_TENANT} WHERE platform_id = ? ORDER BY created_at, id`, args: [platformId] })
      return rs.rows.map(toTenant)
    },

    async update(tenant, expectedUpdatedAt): Promise<Result<void, DomainError>> {
      const rs = await db.execute({
        sql: `UPDATE tenants SET name = ?, tax_identification_number = ?, ipa_code = ?, active = ?,
                configured_at = ?, created_at = ?, updated_at = ?, pagopa = ?
              WHERE id = ? AND updated_at = ?`,
        args: [...tenantValues(tenant), tenant.id, expectedUpdatedAt.getTime()],
      })
      if (rs.rowsAffected === 1) return ok(undefined)
      const exists = await db.first({ sql: 'SELECT 1 AS found FROM tenants WHERE id = ?', args: [tenant.id] })
      return exists === null
        ? err({ code: 'not_found', resource: 'tenant', id: tenant.id })
        : err({ code: 'conflict', resource: 'tenant', id: tenant.id, detail: 'the tenant was changed concurrently; retry' })
    },

    async findCredential(keyId): Promise<ApiKeyCredential | null> {
      const row = await db.first({
        sql: 'SELECT key_id, tenant_id, hash, created_at, revoked_at, expires_at FROM api_keys WHERE key_id = ?',
        args: [keyId],
      })
      if (!row) return null
      const r = CredentialRow.parse(row)
      return {
        keyId: r.key_id,
        tenantId: r.tenant_id,
        hash: r.hash,
        createdAt: r.created_at,
        revokedAt: r.revoked_at,
        // Absent when there is no grace period, as the credential was given to create (the storage contract).
        ...(r.expires_at !== null ? { expiresAt: r.expires_at } : {}),
      }
    },
  }
}
