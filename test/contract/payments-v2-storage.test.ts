/** Runs the payments v2 storage contract in Node: in-memory fake, embedded libSQL, @libsql/client and sqld. */

import { openEmbeddedDb } from '../../adapters/libsql/embedded.ts'
import { openDb } from '../../adapters/libsql/index.ts'
import { inMemoryPaymentsV2Repo, inMemoryProviderConfigRepo, inMemoryTenantBillingRepo } from '../fakes/payments-v2.fake.ts'
import { fileSqld } from '../setup/file-sqld.ts'
import { runPaymentsV2StorageContract } from './payments-v2-storage.contract.ts'
import { libsqlPaymentsV2Storage } from './payments-v2-storage.libsql.ts'

const sqld = fileSqld(import.meta.url)

runPaymentsV2StorageContract({
  name: 'in-memory fake',
  make: async () => {
    const known = new Set<string>()
    return {
      configs: inMemoryProviderConfigRepo(),
      store: inMemoryPaymentsV2Repo(),
      billing: inMemoryTenantBillingRepo((id) => known.has(id)),
      addTenant: async (id) => {
        known.add(id)
      },
    }
  },
})
runPaymentsV2StorageContract({ name: 'embedded libsql :memory:', make: () => libsqlPaymentsV2Storage(openEmbeddedDb(':memory:')) })
runPaymentsV2StorageContract({ name: '@libsql/client :memory:', make: () => libsqlPaymentsV2Storage(openDb({ url: ':memory:' })) })
runPaymentsV2StorageContract({ name: 'sqld over http (Node)', make: () => libsqlPaymentsV2Storage(openDb({ url: sqld.url() })) })
