/**
 * The OutboxRepo contract in Node: the in-memory fake, libSQL in-process (embedded engine and
 * @libsql/client) and sqld over http, for the payments outbox and for the SDI outbox.
 */

import { openEmbeddedDb } from '../../adapters/libsql/embedded.ts'
import { type Db, libsqlOutboxRepo, openDb } from '../../adapters/libsql/index.ts'
import { migratedLibsql } from '../adapters/libsql/libsql-helpers.ts'
import { inMemoryOutboxRepo } from '../fakes/in-memory-outbox.fake.ts'
import { inMemoryPaymentStore } from '../fakes/in-memory-payment-store.fake.ts'
import { inMemoryPaymentRepo, inMemoryTenantRepo } from '../fakes/in-memory-repos.fake.ts'
import { fileSqld } from '../setup/file-sqld.ts'
import { paymentOutbox, runOutboxContract } from './outbox.contract.ts'
import { libsqlSdiOutbox } from './sdi-storage.libsql.ts'

const sqld = fileSqld(import.meta.url)

const libsql = async (url: string, open?: (u: string) => Db) => {
  const s = await migratedLibsql(url, open)
  return paymentOutbox(libsqlOutboxRepo(s.db), s)
}

runOutboxContract({
  name: 'in-memory fake',
  make: () => {
    const store = inMemoryPaymentStore()
    return paymentOutbox(inMemoryOutboxRepo(store), { payments: inMemoryPaymentRepo(store), tenants: inMemoryTenantRepo() })
  },
})
runOutboxContract({ name: 'embedded libsql :memory:', make: () => libsql(':memory:', openEmbeddedDb) })
runOutboxContract({ name: '@libsql/client :memory:', make: () => libsql(':memory:') })
runOutboxContract({ name: 'sqld over http (Node)', make: () => libsql(sqld.url()) })
runOutboxContract({ name: 'SDI outbox, embedded libsql :memory:', make: () => libsqlSdiOutbox(openEmbeddedDb(':memory:')) })
runOutboxContract({ name: 'SDI outbox, sqld over http (Node)', make: () => libsqlSdiOutbox(openDb({ url: sqld.url() })) })
