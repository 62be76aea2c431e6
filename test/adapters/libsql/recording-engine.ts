/** The group committer's engine in tests: records each SQL text it is asked to run, and fails where told. @module */

import type { TxEngine } from '../../../adapters/libsql/group-commit.ts'

export function recordingEngine(failOn: (sql: string) => boolean = () => false): TxEngine & { log: string[] } {
  const log: string[] = []
  let open = false
  return {
    log,
    get inTransaction() {
      return open
    },
    exec(sql) {
      log.push(sql)
      if (failOn(sql)) throw new Error(`refused: ${sql}`)
      if (sql.startsWith('BEGIN')) open = true
      if (sql === 'COMMIT' || sql === 'ROLLBACK') open = false
    },
  }
}
