/**
 * Runs the BillingRepo contract in Node: the in-memory fake, embedded libSQL (in memory, and on a
 * file with a second connection racing the first), @libsql/client and sqld over http (two clients).
 */

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedDb } from '../../adapters/libsql/embedded.ts'
import { openDb } from '../../adapters/libsql/index.ts'
import { inMemoryBillingRepo } from '../fakes/in-memory-billing-repo.fake.ts'
import { inMemoryTenantBillingRepo } from '../fakes/payments-v2.fake.ts'
import { fileSqld } from '../setup/file-sqld.ts'
import { runBillingStorageContract } from './billing-storage.contract.ts'
import { libsqlBillingStorage } from './billing-storage.libsql.ts'

const sqld = fileSqld(import.meta.url)

const file = () => `file:${join(mkdtempSync(join(tmpdir(), 'varco-billing-')), 'varco.db')}`

runBillingStorageContract({
  name: 'in-memory fake',
  make: async () => {
    const known = new Set<string>()
    const tenantBilling = inMemoryTenantBillingRepo((id) => known.has(id))
    const repo = inMemoryBillingRepo(tenantBilling)
    return {
      repo,
      other: repo,
      tenantBilling,
      addTenant: async (id) => void known.add(id),
      setInvoiceCounter: async (year, last) => repo.setInvoiceCounter(year, last),
    }
  },
})
runBillingStorageContract({ name: 'embedded libsql :memory:', make: () => libsqlBillingStorage(openEmbeddedDb(':memory:')) })
runBillingStorageContract({
  name: 'embedded libsql file, two connections',
  make: async () => {
    const url = file()
    const storage = await libsqlBillingStorage(openEmbeddedDb(url))
    return { ...storage, other: (await libsqlBillingStorage(openEmbeddedDb(url))).repo }
  },
})
runBillingStorageContract({ name: '@libsql/client :memory:', make: () => libsqlBillingStorage(openDb({ url: ':memory:' })) })
runBillingStorageContract({
  name: 'sqld over http (Node), two clients',
  make: () => libsqlBillingStorage(openDb({ url: sqld.url() }), openDb({ url: sqld.url() })),
})
