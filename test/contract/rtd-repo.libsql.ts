/** RTD storage over a libSQL Db (migrated), for the RtdRepo contract in Node and workerd. @module */

import { type Db, libsqlRtdRepo, libsqlTenantRepo, migrate } from '../../adapters/libsql/index.ts'
import { newTenant } from './outbox.contract.ts'
import type { RtdRepoUnderTest } from './rtd-repo.harness.ts'

const AT = new Date('2026-03-01T10:00:00Z')

/** `other`: a second connection to the same database, if the test has one (closed with the first). */
export async function libsqlRtdStorage(db: Db, other?: Db): Promise<RtdRepoUnderTest> {
  await migrate(db, () => AT)
  const tenants = libsqlTenantRepo(db)
  return {
    repo: libsqlRtdRepo(db),
    ...(other ? { other: libsqlRtdRepo(other) } : {}),
    newTenant: () => newTenant(tenants),
    exec: (sql, args) => db.execute({ sql, args }),
    close: () => {
      db.close()
      other?.close()
    },
  }
}
