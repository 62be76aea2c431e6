/**
 * Opens a libSQL database. `file:` and `:memory:` use the embedded engine (Node, Deno);
 * `http(s)://` and `ws(s)://` reach sqld or Turso (all runtimes; the only kind on Workers, where the
 * `workerd` export condition selects @libsql/client's web build).
 * @module
 */

import { type Client, createClient } from '@libsql/client'

export type Db = Client

export type DbConfig = {
  readonly url: string
  readonly authToken?: string | undefined
}

export function openDb(config: DbConfig): Db {
  return createClient({
    url: config.url,
    ...(config.authToken ? { authToken: config.authToken } : {}),
    intMode: 'number',
  })
}

/** True for URLs that need a server (and so work on Workers). */
export const isRemoteDbUrl = (url: string): boolean => /^(https?|wss?|libsql):\/\//.test(url)
