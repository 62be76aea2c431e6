import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedDb } from '../../../adapters/libsql/embedded.ts'
import { runStorageContract } from '../../contract/storage.contract.ts'
import { inMemoryJobRunRepo, inMemoryPaymentRepo, inMemoryServiceRepo, inMemoryTenantRepo } from '../../fakes/in-memory-repos.fake.ts'
import { fileSqld } from '../../setup/file-sqld.ts'
import { migratedLibsql } from './libsql-helpers.ts'

const sqld = fileSqld(import.meta.url)

runStorageContract({
  name: 'in-memory fake',
  make: async () => ({
    tenants: inMemoryTenantRepo(),
    jobRuns: inMemoryJobRunRepo(),
    services: inMemoryServiceRepo(),
    payments: inMemoryPaymentRepo(),
  }),
})
const dir = mkdtempSync(join(tmpdir(), 'varco-file-'))
runStorageContract({ name: 'embedded libsql :memory:', make: () => migratedLibsql(':memory:', openEmbeddedDb) })
runStorageContract({ name: 'embedded libsql file', make: () => migratedLibsql(`file:${join(dir, 'embedded.db')}`, openEmbeddedDb) })
runStorageContract({ name: '@libsql/client :memory:', make: () => migratedLibsql(':memory:') })
runStorageContract({ name: '@libsql/client file', make: () => migratedLibsql(`file:${join(dir, 'client.db')}`) })

runStorageContract({ name: 'sqld over http (Node)', make: () => migratedLibsql(sqld.url()) })
