/** Billing storage over a libSQL Db (migrated), for the BillingRepo contract in Node and workerd. @module */

import { type Db, libsqlBillingRepo, libsqlTenantRepo, migrate } from '../../adapters/libsql/index.ts'
import { libsqlTenantBillingRepo } from '../../adapters/libsql/tenant-billing-repo.ts'
import type { BillingStorageUnderTest } from './billing-storage.harness.ts'
import { newTenant } from './outbox.contract.ts'

const AT = new Date('2026-03-01T10:00:00Z')

/** `other`: a second connection to the same database, if the test has one. */
export async function libsqlBillingStorage(db: Db, other: Db = db): Promise<BillingStorageUnderTest> {
  await migrate(db, () => AT)
  const tenants = libsqlTenantRepo(db)
  return {
    repo: libsqlBillingRepo(db),
    other: libsqlBillingRepo(other),
    tenantBilling: libsqlTenantBillingRepo(db),
    addTenant: async (id) => {
      await newTenant(tenants, id)
    },
    setInvoiceCounter: async (year, last) => {
      await db.execute({
        sql: 'INSERT INTO billing_invoice_counters (year, last) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET last = excluded.last',
        args: [year, last],
      })
    },
  }
}
