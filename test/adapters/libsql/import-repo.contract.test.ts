import { inject } from 'vitest'
import { openEmbeddedDb } from '../../../adapters/libsql/embedded.ts'
import { libsqlImportRepo } from '../../../adapters/libsql/index.ts'
import { runImportRepoContract } from '../../contract/import-repo.contract.ts'
import { migratedLibsql } from './libsql-helpers.ts'

const withImports = async (url: string, embedded: boolean) => {
  const s = await migratedLibsql(url, embedded ? openEmbeddedDb : undefined)
  return { ...s, imports: libsqlImportRepo(s.db) }
}

runImportRepoContract({ name: 'embedded libsql :memory:', make: () => withImports(':memory:', true) })
runImportRepoContract({ name: '@libsql/client :memory:', make: () => withImports(':memory:', false) })
runImportRepoContract({ name: 'sqld over http (Node)', make: () => withImports(inject('sqldUrl'), false) })
