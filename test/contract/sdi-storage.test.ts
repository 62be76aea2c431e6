/** Runs the SdiRepo contract in Node: embedded libSQL (in memory and on a file), @libsql/client and sqld over http. */

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEmbeddedDb } from '../../adapters/libsql/embedded.ts'
import { openDb } from '../../adapters/libsql/index.ts'
import { fileSqld } from '../setup/file-sqld.ts'
import { runSdiStorageContract } from './sdi-storage.contract.ts'
import { libsqlSdiStorage } from './sdi-storage.libsql.ts'

const sqld = fileSqld(import.meta.url)

const file = () => `file:${join(mkdtempSync(join(tmpdir(), 'varco-sdi-')), 'varco.db')}`

runSdiStorageContract({ name: 'embedded libsql :memory:', make: () => libsqlSdiStorage(openEmbeddedDb(':memory:')) })
runSdiStorageContract({ name: 'embedded libsql file', make: () => libsqlSdiStorage(openEmbeddedDb(file())) })
runSdiStorageContract({ name: '@libsql/client :memory:', make: () => libsqlSdiStorage(openDb({ url: ':memory:' })) })
runSdiStorageContract({ name: 'sqld over http (Node)', make: () => libsqlSdiStorage(openDb({ url: sqld.url() })) })
