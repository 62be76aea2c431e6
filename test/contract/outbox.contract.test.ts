/** The OutboxRepo contract in Node: the in-memory fake, libSQL in-process (embedded engine and @libsql/client), and sqld over http. */

import { inject } from 'vitest'
import { openEmbeddedDb } from '../../adapters/libsql/embedded.ts'
import { type Db, libsqlOutboxRepo } from '../../adapters/libsql/index.ts'
import { migratedLibsql } from '../adapters/libsql/libsql-helpers.ts'
import { inMemoryOutboxRepo } from '../fakes/in-memory-outbox.fake.ts'
import { inMemoryPaymentStore } from '../fakes/in-memory-payment-store.fake.ts'
import { inMemoryPaymentRepo, inMemoryTenantRepo } from '../fakes/in-memory-repos.fake.ts'
import { runOutboxContract } from './outbox.contract.ts'

const libsql = async (url: string, open?: (u: string) => Db) => {
  const s = await migratedLibsql(url, open)
  return { outbox: libsqlOutboxRepo(s.db), payments: s.payments, tenants: s.tenants }
}

runOutboxContract({
  name: 'in-memory fake',
  make: async () => {
    const store = inMemoryPaymentStore()
    return { outbox: inMemoryOutboxRepo(store), payments: inMemoryPaymentRepo(store), tenants: inMemoryTenantRepo() }
  },
})
runOutboxContract({ name: 'embedded libsql :memory:', make: () => libsql(':memory:', openEmbeddedDb) })
runOutboxContract({ name: '@libsql/client :memory:', make: () => libsql(':memory:') })
runOutboxContract({ name: 'sqld over http (Node)', make: () => libsql(inject('sqldUrl')) })
