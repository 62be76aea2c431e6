/** TenantBillingRepo on libSQL: the `billing_status` column of tenants (migration 6). @module */

import { z } from 'zod'
import { BILLING_STATUSES } from '../../core/payments-v2/model.ts'
import type { TenantBillingRepo } from '../../ports/tenant-billing.port.ts'
import type { Db } from './client.ts'

const Row = z.object({ billing_status: z.enum(BILLING_STATUSES) })

export function libsqlTenantBillingRepo(db: Db): TenantBillingRepo {
  return {
    async get(tenantId) {
      const row = await db.first({ sql: 'SELECT billing_status FROM tenants WHERE id = ?', args: [tenantId] })
      return row ? Row.parse(row).billing_status : null
    },
    async set(tenantId, status) {
      const rs = await db.execute({ sql: 'UPDATE tenants SET billing_status = ? WHERE id = ?', args: [status, tenantId] })
      return rs.rowsAffected === 1
    },
  }
}
