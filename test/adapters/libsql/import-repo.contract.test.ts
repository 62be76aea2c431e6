import { openEmbeddedDb } from '../../../adapters/libsql/embedded.ts'
import { libsqlImportRepo, libsqlOutboxRepo } from '../../../adapters/libsql/index.ts'
import { runImportRepoContract } from '../../contract/import-repo.contract.ts'
import { inMemoryImportRepo } from '../../fakes/in-memory-import-repo.fake.ts'
import { inMemoryOutboxRepo } from '../../fakes/in-memory-outbox.fake.ts'
import { inMemoryPaymentStore } from '../../fakes/in-memory-payment-store.fake.ts'
import { inMemoryPaymentRepo, inMemoryTenantRepo } from '../../fakes/in-memory-repos.fake.ts'
import { fileSqld } from '../../setup/file-sqld.ts'
import { migratedLibsql } from './libsql-helpers.ts'

const sqld = fileSqld(import.meta.url)

const withImports = async (url: string, embedded: boolean) => {
  const s = await migratedLibsql(url, embedded ? openEmbeddedDb : undefined)
  return { ...s, imports: libsqlImportRepo(s.db), outbox: libsqlOutboxRepo(s.db) }
}

runImportRepoContract({
  name: 'in-memory fake',
  make: async () => {
    const store = inMemoryPaymentStore()
    return {
      imports: inMemoryImportRepo(store),
      outbox: inMemoryOutboxRepo(store),
      payments: inMemoryPaymentRepo(store),
      tenants: inMemoryTenantRepo(),
    }
  },
})
runImportRepoContract({ name: 'embedded libsql :memory:', make: () => withImports(':memory:', true) })
runImportRepoContract({ name: '@libsql/client :memory:', make: () => withImports(':memory:', false) })
runImportRepoContract({ name: 'sqld over http (Node)', make: () => withImports(sqld.url(), false) })
