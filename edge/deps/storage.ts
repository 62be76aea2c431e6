/**
 * The database of the gateway and the migrations applied to it on start. One client per isolate;
 * `ready` settles once the schema is current (every request awaits it, instant after the first).
 * @module
 */

import { type Db, isRemoteDbUrl, migrate, openDb } from '../../adapters/libsql/index.ts'
import type { Clock } from '../../ports/clock.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { Config } from '../env.ts'

export type Storage = {
  readonly db: Db
  readonly dbKind: 'file' | 'memory' | 'remote'
  readonly ready: Promise<void>
}

export function openStorage(
  config: Config,
  ctx: { readonly clock: Clock; readonly logger: Logger },
  over: { readonly db?: Db | undefined; readonly ready?: Promise<void> | undefined },
): Storage {
  const db = over.db ?? openDb({ url: config.VARCO_DB_URL, authToken: config.VARCO_DB_AUTH_TOKEN, timeoutMs: config.VARCO_DB_TIMEOUT_MS })
  const url = config.VARCO_DB_URL
  const dbKind = isRemoteDbUrl(url) ? 'remote' : url === ':memory:' || url === 'file::memory:' ? 'memory' : 'file'
  const ready =
    over.ready ??
    migrate(db, ctx.clock).then(
      (r) => {
        if (r.applied.length > 0) ctx.logger.info('database migrated', { applied: r.applied, version: r.current })
      },
      (e: unknown) => {
        ctx.logger.error('database migration failed', { error: e })
        throw e
      },
    )
  // Keep an unobserved rejection from crashing the process; requests still see it through `ready`.
  ready.catch(() => {})
  return { db, dbKind, ready }
}
