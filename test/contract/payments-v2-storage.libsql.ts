/** Payments v2 storage over a libSQL Db (migrated), for the storage contract in Node and workerd. @module */

import { type Db, libsqlTenantRepo, migrate } from '../../adapters/libsql/index.ts'
import { libsqlPaymentsV2Repo } from '../../adapters/libsql/payments-v2-repo.ts'
import { libsqlProviderConfigRepo } from '../../adapters/libsql/provider-config-repo.ts'
import { libsqlTenantBillingRepo } from '../../adapters/libsql/tenant-billing-repo.ts'
import type { PaymentsV2StorageUnderTest } from './payments-v2-storage.contract.ts'

export async function libsqlPaymentsV2Storage(db: Db): Promise<PaymentsV2StorageUnderTest> {
  await migrate(db, () => new Date('2026-11-23T10:00:00Z'))
  const tenants = libsqlTenantRepo(db)
  const at = new Date('2026-11-23T10:00:00Z')
  return {
    configs: libsqlProviderConfigRepo(db),
    store: libsqlPaymentsV2Repo(db),
    billing: libsqlTenantBillingRepo(db),
    addTenant: async (id) => {
      const r = await tenants.create(
        {
          id,
          name: 'T',
          taxIdentificationNumber: '00341620508',
          ipaCode: null,
          pagopa: null,
          active: true,
          configuredAt: null,
          createdAt: at,
          updatedAt: at,
        },
        { keyId: id.slice(0, 12), tenantId: id, hash: 'h', createdAt: at, revokedAt: null },
      )
      if (!r.ok) throw new Error(r.error.code)
    },
  }
}
