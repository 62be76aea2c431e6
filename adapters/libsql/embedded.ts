/**
 * Embedded libSQL for Node and Deno: the `libsql` engine (the one @libsql/client itself uses for
 * `file:`) called directly, with prepared statements cached per SQL text. @libsql/client re-prepares
 * and re-describes every statement, which costs ~35 µs per query; this path costs the engine's ~11 µs.
 * WAL mode lets the CLI write while the server runs; a busy timeout makes writers wait, not fail.
 * Writes (write batches, and any statement that changes data) go through group commit
 * (group-commit.ts): those asked for in one turn of the event loop share one transaction and one
 * fsync, each caller in its own savepoint, each promise settled after COMMIT. Reads run at once.
 * With FULL on a file (the default), the fsync itself runs off the event loop (wal-sync.ts): the
 * connection commits at NORMAL, the group's promises settle after an fdatasync of the WAL started after
 * its COMMIT, and a read hands its rows back only once what it could see is durable, so no request
 * reads what a power cut could undo.
 * @module
 */

import Database from 'libsql'
import { backgroundCheckpoints } from './checkpointer.ts'
import type { Db, QueryResult, SqlValue, Stmt } from './client.ts'
import { groupCommitter } from './group-commit.ts'
import { type WalSync, walSync } from './wal-sync.ts'

type Statement = {
  readonly reader: boolean
  all(args: SqlValue[]): Record<string, unknown>[]
  get(args: SqlValue[]): Record<string, unknown> | undefined
  run(args: SqlValue[]): { changes: number }
}

type Cached = {
  readonly st: Statement
  readonly reader: boolean
  readonly writes: boolean
  readonly direct: boolean
  /** Reads no data (`data_version`): needs neither the queued writes nor their sync. */
  readonly unordered: boolean
}

type Engine = {
  prepare(sql: string): Statement
  exec(sql: string): void
  close(): void
  readonly inTransaction: boolean
}

/** Statements that manage the connection or transactions themselves: never inside a group. */
const DIRECT = /^\s*(PRAGMA|VACUUM|ATTACH|DETACH|BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i
/**
 * Read-only PRAGMAs that need not wait for the queued writes: `data_version` counts other
 * connections' commits only, so running it before this connection's group changes nothing. The
 * read cache asks it on every authenticated request; flushing there cut the groups short.
 */
const UNORDERED = /^\s*PRAGMA\s+data_version\s*;?\s*$/i
/** A statement that returns rows may still write (`… RETURNING`). */
const RETURNING = /\bRETURNING\b/i

const MAX_CACHED = 500

/**
 * `file:./data/varco.db`, `file::memory:` or `:memory:` → an open embedded database.
 *
 * `synchronous`: FULL (default) fsyncs every commit, so a committed payment survives a power loss;
 * NORMAL (WAL) survives a crash of the process but may lose the last commits on a power loss or OS
 * crash, and is several times faster for writes. `checkpoints`: `background` (default for files) moves
 * WAL checkpoints to a worker thread (checkpointer.ts); `inline` keeps SQLite's automatic ones.
 * `fsync`: how FULL syncs a file database's commits: `async` (default) with an fdatasync of the WAL on
 * the thread pool before the group is answered (wal-sync.ts); `inline` with SQLite's own fsync inside
 * COMMIT, on the event loop.
 */
export function openEmbeddedDb(
  url: string,
  options: {
    readonly synchronous?: 'FULL' | 'NORMAL'
    readonly checkpoints?: 'background' | 'inline'
    readonly fsync?: 'async' | 'inline'
  } = {},
): Db {
  const path = url === ':memory:' || url === 'file::memory:' ? ':memory:' : url.replace(/^file:(\/\/)?/, '')
  const engine = new Database(path, { timeout: 5 }) as unknown as Engine
  const synchronous = options.synchronous ?? 'FULL'
  let wal: WalSync | null = null
  if (path !== ':memory:') {
    const mode = engine.prepare('PRAGMA journal_mode = WAL').get([])?.['journal_mode']
    if (synchronous === 'FULL' && options.fsync !== 'inline' && mode === 'wal') wal = walSync(path)
  }
  engine.exec('PRAGMA foreign_keys = ON')
  engine.exec(`PRAGMA synchronous = ${wal !== null ? 'NORMAL' : synchronous}`)
  const checkpointer = path !== ':memory:' && options.checkpoints !== 'inline' ? backgroundCheckpoints(engine, path) : null
  const cache = new Map<string, Cached>()

  const prepared = (stmt: Stmt): [Cached, SqlValue[]] => {
    const sql = typeof stmt === 'string' ? stmt : stmt.sql
    let c = cache.get(sql)
    if (!c) {
      const st = engine.prepare(sql)
      const direct = DIRECT.test(sql)
      const unordered = UNORDERED.test(sql)
      c = { st, reader: st.reader, writes: (!st.reader || RETURNING.test(sql)) && !direct, direct: direct && !unordered, unordered }
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string)
      cache.set(sql, c)
    }
    return [c, typeof stmt === 'string' ? [] : (stmt.args as SqlValue[])]
  }
  const run = (stmt: Stmt): QueryResult => {
    const [c, args] = prepared(stmt)
    if (c.reader) return { rows: c.st.all(args), rowsAffected: 0 }
    return { rows: [], rowsAffected: c.st.run(args).changes }
  }

  // A failed statement may leave schema-dependent statements stale; start afresh.
  const group = groupCommitter(engine, {
    onFailure: () => cache.clear(),
    ...(wal !== null ? { durable: (wal as WalSync).sync } : {}),
  })
  const firstRow = (stmt: Stmt) => {
    const [c, args] = prepared(stmt)
    if (c.reader) return c.st.get(args) ?? null
    c.st.run(args)
    return null
  }
  /**
   * A statement that does not write: a PRAGMA or a transaction statement first lets the writes asked for before it
   * run. It runs at once; with `fsync: async` its answer is handed back once every commit it could see is on disk
   * (a direct statement reads no payment data but waits the same way; `data_version` waits for nothing).
   */
  const answerRead = async <T>(c: Cached, read: () => T): Promise<T> => {
    if (c.direct) group.flush()
    const out = read()
    const sync = c.unordered ? undefined : group.whenDurable()
    if (sync !== undefined) await sync
    return out
  }

  return {
    async execute(stmt) {
      const [c] = prepared(stmt)
      return c.writes ? group.write(() => run(stmt)) : answerRead(c, () => run(stmt))
    },
    async first(stmt) {
      const [c] = prepared(stmt)
      return c.writes ? group.write(() => firstRow(stmt)) : answerRead(c, () => firstRow(stmt))
    },
    async batch(stmts, mode) {
      if (mode === 'write') return group.write(() => stmts.map(run))
      // A read batch: one snapshot, no fsync (a transaction that wrote nothing commits without one).
      engine.exec('BEGIN')
      let out: QueryResult[]
      try {
        out = stmts.map(run)
        engine.exec('COMMIT')
      } catch (e) {
        if (engine.inTransaction) engine.exec('ROLLBACK')
        cache.clear()
        throw e
      }
      const sync = group.whenDurable()
      if (sync !== undefined) await sync
      return out
    },
    close() {
      group.flush()
      wal?.syncNow()
      wal?.close()
      const stopped = checkpointer?.stop()
      cache.clear()
      engine.close()
      return stopped
    },
  }
}
