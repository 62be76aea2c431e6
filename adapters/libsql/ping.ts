/** PingDatabase on libSQL: `SELECT 1`, bounded by a timeout so /status answers when the DB hangs. @module */

import type { PingDatabase } from '../../ports/db-health.port.ts'
import { withDeadline } from '../shared/deadline.ts'
import type { Db } from './client.ts'

export function libsqlPing(db: Db, timeoutMs = 2000): PingDatabase {
  return async () => {
    const started = performance.now()
    await withDeadline(timeoutMs, () => db.execute('SELECT 1'), 'database did not answer')
    return { latencyMs: Math.round((performance.now() - started) * 10) / 10 }
  }
}
