/** Every response carries `X-Request-Id`: the caller's if it is sane, else a new UUID. @module */

import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../context.ts'

const SANE = /^[A-Za-z0-9._:-]{1,128}$/

export function requestId(generate: () => string = () => crypto.randomUUID()): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id')
    const id = incoming && SANE.test(incoming) ? incoming : generate()
    c.set('requestId', id)
    await next()
    c.res.headers.set('x-request-id', id)
  }
}
