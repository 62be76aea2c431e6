import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { runStorageContract } from '../../contract/storage.contract.ts'
import { inMemoryJobRunRepo, inMemoryTenantRepo } from '../../fakes/in-memory-repos.fake.ts'
import { migratedLibsql } from './libsql-helpers.ts'

runStorageContract({ name: 'in-memory fake', make: async () => ({ tenants: inMemoryTenantRepo(), jobRuns: inMemoryJobRunRepo() }) })
runStorageContract({ name: 'libSQL :memory:', make: () => migratedLibsql(':memory:') })

const fileUrl = `file:${join(mkdtempSync(join(tmpdir(), 'varco-file-')), 'contract.db')}`
runStorageContract({ name: 'libSQL file', make: () => migratedLibsql(fileUrl) })

runStorageContract({ name: 'sqld over http (Node)', make: () => migratedLibsql(inject('sqldUrl')) })
