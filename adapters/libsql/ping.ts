/** PingDatabase on libSQL: `SELECT 1`, bounded by a timeout so /status answers when the DB hangs. @module */

import type { PingDatabase } from '../../ports/db-health.port.ts'
import type { Db } from './client.ts'

export function libsqlPing(db: Db, timeoutMs = 2000): PingDatabase {
  return async () => {
    const started = performance.now()
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      await Promise.race([db.execute('SELECT 1'), timeout])
      return { latencyMs: Math.round((performance.now() - started) * 10) / 10 }
    } finally {
      clearTimeout(timer)
    }
  }
}
