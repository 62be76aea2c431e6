/**
 * The database seen by the libSQL repositories: positional-argument statements, atomic batches.
 * Two implementations of one small interface, both passing the storage contract:
 * - `openDb`: @libsql/client, for `http(s)://`, `ws(s)://`, `libsql://` (sqld, Turso) on every
 *   runtime, and for `file:`/`:memory:` where nothing faster is wanted; a server out of reach throws
 *   DbUnavailableError (errors.ts), which the edge answers with 503;
 * - `openEmbeddedDb` (embedded.ts): the libsql engine in-process with a prepared-statement cache,
 *   used by Node and Deno for local files (Workers cannot load it).
 * @module
 */

import { createClient } from '@libsql/client'
import { withBusyRetry } from './busy-retry.ts'
import { DbUnavailableError, isDbUnreachable } from './errors.ts'

export type SqlValue = string | number | bigint | null | Uint8Array
export type Stmt = string | { readonly sql: string; readonly args: readonly SqlValue[] }
export type Row = Readonly<Record<string, unknown>>
export type QueryResult = { readonly rows: readonly Row[]; readonly rowsAffected: number }

export interface Db {
  execute(stmt: Stmt): Promise<QueryResult>
  /** The first row of a query, or null: for primary-key lookups. */
  first(stmt: Stmt): Promise<Row | null>
  /** Runs every statement in one transaction: all or nothing. */
  batch(stmts: readonly Stmt[], mode: 'write' | 'read'): Promise<QueryResult[]>
  /**
   * Closes the connection at once; a database with helper threads (the embedded file's checkpointer)
   * returns a promise that settles once they have ended. Await it before exiting the process.
   */
  close(): void | Promise<void>
}

export type DbConfig = {
  readonly url: string
  readonly authToken?: string | undefined
  /**
   * How long one exchange with a remote server may take, answer included (default {@link DB_TIMEOUT_MS}). Past it
   * the call throws DbUnavailableError: a server that takes connections but answers nothing (a deadlocked sqld) is
   * "unavailable, retry", not a request that hangs. Whether a write ran is then unknown, as for a dropped connection.
   */
  readonly timeoutMs?: number | undefined
}

export const DB_TIMEOUT_MS = 15_000

const toClientStmt = (s: Stmt) => (typeof s === 'string' ? s : { sql: s.sql, args: [...s.args] })

/** A server out of reach becomes {@link DbUnavailableError}; SQL errors pass unchanged. */
async function reaching<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (e) {
    throw isDbUnreachable(e) ? new DbUnavailableError(e) : e
  }
}

/** fetch, bounded: the client hands it one Request per exchange; the signal also ends a body still arriving. */
function fetchWithin(ms: number) {
  return (request: Request) => fetch(request, { signal: AbortSignal.timeout(ms) })
}

export function openDb(config: DbConfig): Db {
  const client = createClient({
    url: config.url,
    ...(config.authToken ? { authToken: config.authToken } : {}),
    intMode: 'number',
    // No client-side queue. The client's default (20 queries at once, `concurrency`; 0 means 20 too) starts
    // a waiting query from the request that freed its slot: on Workers that query then belongs to another
    // request's I/O context, which workerd cancels when that request ends, and the waiting request fails
    // with "the Workers runtime canceled this request because ... your Worker's code had hung" (bench:load
    // at 50 connections, issue 16). Concurrency is bounded by the gateway instead (edge/middleware/shed.ts).
    concurrency: Number.MAX_SAFE_INTEGER,
    fetch: fetchWithin(config.timeoutMs ?? DB_TIMEOUT_MS),
  })
  return {
    async execute(stmt) {
      const rs = await reaching(() => withBusyRetry(() => client.execute(toClientStmt(stmt))))
      return { rows: rs.rows, rowsAffected: rs.rowsAffected }
    },
    async first(stmt) {
      return (await reaching(() => withBusyRetry(() => client.execute(toClientStmt(stmt))))).rows[0] ?? null
    },
    async batch(stmts, mode) {
      const results = await reaching(() => withBusyRetry(() => client.batch(stmts.map(toClientStmt), mode)))
      return results.map((rs) => ({ rows: rs.rows, rowsAffected: rs.rowsAffected }))
    },
    close: () => client.close(),
  }
}

/** True for URLs that need a server (and so work on Workers). */
export const isRemoteDbUrl = (url: string): boolean => /^(https?|wss?|libsql):\/\//.test(url)
