/** The ImportRepo contract inside workerd, against a real sqld over http (@libsql/client's web build). */

import { inject } from 'vitest'
import { libsqlImportRepo, libsqlOutboxRepo } from '../../adapters/libsql/index.ts'
import { migratedLibsql } from '../adapters/libsql/libsql-helpers.ts'
import { runImportRepoContract } from '../contract/import-repo.contract.ts'

runImportRepoContract({
  name: 'sqld over http (workerd)',
  make: async () => {
    const s = await migratedLibsql(inject('sqldUrl'))
    return { ...s, imports: libsqlImportRepo(s.db), outbox: libsqlOutboxRepo(s.db) }
  },
})
