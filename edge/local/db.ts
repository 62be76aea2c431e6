/** Node and Deno open local databases with the embedded engine, remote ones with @libsql/client. @module */

import { type Db, isRemoteDbUrl, openDb } from '../../adapters/libsql/client.ts'
import { openEmbeddedDb } from '../../adapters/libsql/embedded.ts'

/**
 * A remote URL (sqld, Turso) through @libsql/client; a file or memory through the embedded engine, with `options`
 * (embedded.ts). `checkpoints: 'inline'` for a short-lived process (the `varco` CLI): SQLite's own checkpoints instead
 * of a worker thread that the process's exit would end, perhaps while it opens its connection. `timeoutMs` bounds
 * each exchange with a remote server (client.ts).
 */
export function openLocalDb(
  url: string,
  authToken?: string,
  options: Parameters<typeof openEmbeddedDb>[1] & { readonly timeoutMs?: number } = {},
): Db {
  return isRemoteDbUrl(url) ? openDb({ url, authToken, timeoutMs: options.timeoutMs }) : openEmbeddedDb(url, options)
}
