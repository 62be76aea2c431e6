/** Payments v2 storage over a libSQL Db (migrated), for the storage contract in Node and workerd. @module */

import { type Db, libsqlTenantRepo, migrate } from '../../adapters/libsql/index.ts'
import { libsqlPaymentsV2Repo } from '../../adapters/libsql/payments-v2-repo.ts'
import { libsqlProviderConfigRepo } from '../../adapters/libsql/provider-config-repo.ts'
import { libsqlTenantBillingRepo } from '../../adapters/libsql/tenant-billing-repo.ts'
import { newTenant } from './outbox.contract.ts'
import type { PaymentsV2StorageUnderTest } from './payments-v2-storage.contract.ts'

export async function libsqlPaymentsV2Storage(db: Db): Promise<PaymentsV2StorageUnderTest> {
  await migrate(db, () => new Date('2026-11-23T10:00:00Z'))
  const tenants = libsqlTenantRepo(db)
  return {
    configs: libsqlProviderConfigRepo(db),
    store: libsqlPaymentsV2Repo(db),
    billing: libsqlTenantBillingRepo(db),
    addTenant: async (id) => {
      await newTenant(tenants, id)
    },
  }
}
