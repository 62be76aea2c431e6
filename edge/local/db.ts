/** Node and Deno open local databases with the embedded engine, remote ones with @libsql/client. @module */

import { type Db, isRemoteDbUrl, openDb } from '../../adapters/libsql/client.ts'
import { openEmbeddedDb } from '../../adapters/libsql/embedded.ts'

export function openLocalDb(url: string, authToken?: string, synchronous?: 'FULL' | 'NORMAL'): Db {
  return isRemoteDbUrl(url) ? openDb({ url, authToken }) : openEmbeddedDb(url, synchronous ? { synchronous } : {})
}
