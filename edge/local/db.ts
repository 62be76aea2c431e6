/** Node and Deno open local databases with the embedded engine, remote ones with @libsql/client. @module */

import { type Db, isRemoteDbUrl, openDb } from '../../adapters/libsql/client.ts'
import { openEmbeddedDb } from '../../adapters/libsql/embedded.ts'

/**
 * `checkpoints: 'inline'` for a short-lived process (the `varco` CLI): SQLite's own checkpoints instead of a worker
 * thread that the process's exit would end, perhaps while it opens its connection.
 */
export function openLocalDb(
  url: string,
  authToken?: string,
  synchronous?: 'FULL' | 'NORMAL',
  options: { readonly checkpoints?: 'background' | 'inline' } = {},
): Db {
  return isRemoteDbUrl(url)
    ? openDb({ url, authToken })
    : openEmbeddedDb(url, { ...(synchronous ? { synchronous } : {}), ...(options.checkpoints ? { checkpoints: options.checkpoints } : {}) })
}
