/**
 * Runs the RtdRepo contract in Node: the in-memory fake, embedded libSQL (in memory, and on a file
 * with a second connection racing the first), @libsql/client in memory, and sqld over http (two clients).
 */

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedDb } from '../../adapters/libsql/embedded.ts'
import { openDb } from '../../adapters/libsql/index.ts'
import { inMemoryRtdRepo } from '../fakes/in-memory-rtd-repo.fake.ts'
import { fileSqld } from '../setup/file-sqld.ts'
import { rtdRepoContract } from './rtd-repo.contract.ts'
import { libsqlRtdStorage } from './rtd-repo.libsql.ts'

const sqld = fileSqld(import.meta.url)

const file = () => `file:${join(mkdtempSync(join(tmpdir(), 'varco-rtd-')), 'varco.db')}`

rtdRepoContract('in-memory fake', async () => ({ repo: inMemoryRtdRepo(), newTenant: async () => crypto.randomUUID(), close: () => {} }))
rtdRepoContract('embedded libsql :memory:', () => libsqlRtdStorage(openEmbeddedDb(':memory:')))
rtdRepoContract('embedded libsql file, two connections', () => {
  const url = file()
  return libsqlRtdStorage(openEmbeddedDb(url), openEmbeddedDb(url))
})
rtdRepoContract('@libsql/client :memory:', () => libsqlRtdStorage(openDb({ url: ':memory:' })))
rtdRepoContract('sqld over http (Node), two clients', () => libsqlRtdStorage(openDb({ url: sqld.url() }), openDb({ url: sqld.url() })))
