/**
 * Every response carries `X-Request-Id`: the caller's if it is sane, else a new UUID. It is set with
 * `c.header()` before the handler runs, so responses built by `c.json()`/`c.body()` include it
 * without being rebuilt (touching `c.res.headers` afterwards would cost @hono/node-server its
 * single-write fast path). Raw `Response`s (errors, sandbox, assets) add it with `withRequestId`.
 * @module
 */

import type { Context } from 'hono'
import type { AppEnv } from '../context.ts'

const SANE = /^[A-Za-z0-9._:-]{1,128}$/

const newId = () => crypto.randomUUID()

/** Sets the request id (variable and response header) and returns it. */
export function assignRequestId(c: Context<AppEnv>, generate: () => string = newId): string {
  const incoming = c.req.header('x-request-id')
  const id = incoming && SANE.test(incoming) ? incoming : generate()
  c.set('requestId', id)
  c.header('x-request-id', id)
  return id
}

/** A copy of `res` with the request id header (for responses not built through the context). */
export function withRequestId(c: Context<AppEnv>, res: Response): Response {
  const out = new Response(res.body, res)
  out.headers.set('x-request-id', c.get('requestId'))
  return out
}
