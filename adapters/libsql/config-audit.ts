/** ListTenantsWithoutIban on libSQL: one join over tenants and services, reading their JSON documents. @module */

import { z } from 'zod'
import type { ListTenantsWithoutIban, TenantWithoutIban } from '../../ports/config-audit.port.ts'
import type { Db } from './client.ts'

const Row = z.object({ tenant_id: z.string(), service_ids: z.string() })

export function libsqlTenantsWithoutIban(db: Db): ListTenantsWithoutIban {
  return async (limit) => {
    const rs = await db.execute({
      sql: `SELECT s.tenant_id AS tenant_id, group_concat(s.id, ',') AS service_ids
              FROM services s JOIN tenants t ON t.id = s.tenant_id
             WHERE t.active = 1 AND s.active = 1
               AND json_extract(s.doc, '$.intermediary') = 'pagopa'
               AND json_extract(s.doc, '$.payment_type') = 'PAGOPA'
               AND coalesce(json_extract(t.pagopa, '$.iban'), '') = ''
             GROUP BY s.tenant_id ORDER BY s.tenant_id LIMIT ?`,
      args: [limit],
    })
    return rs.rows.map((row): TenantWithoutIban => {
      const r = Row.parse(row)
      return { tenantId: r.tenant_id, serviceIds: r.service_ids.split(',').sort() }
    })
  }
}
