/**
 * The default request body limit: every route without a limit of its own refuses a body larger than
 * `VARCO_MAX_BODY_BYTES` (default 1 MiB) with 413 `payload_too_large` in the route's envelope, whether
 * the size is declared (Content-Length) or only seen while reading (chunked). Routes with their own
 * limit: `/fatturapa/*` and `/sdi/trasmetti` (8 MB), the streamed uploads `POST /rtd/submissions`
 * (RTD_MAX_INPUT_BYTES) and `POST /services/{id}/imports` (streamed row by row, any size).
 * @module
 */

import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../context.ts'

/** Paths whose routes set their own limit (or stream the body without holding it). */
export function hasOwnBodyLimit(method: string, path: string): boolean {
  if (path.startsWith('/fatturapa/') || path === '/sdi/trasmetti' || path.startsWith('/sandbox/')) return true
  return method === 'POST' && (path === '/rtd/submissions' || /^\/services\/[^/]+\/imports$/.test(path))
}

const limits = new Map<number, MiddlewareHandler>()

function limitOf(maxSize: number): MiddlewareHandler {
  let m = limits.get(maxSize)
  if (!m) {
    m = bodyLimit({
      maxSize,
      onError: () => {
        throw new HTTPException(413, { message: `the body is larger than ${maxSize} bytes (VARCO_MAX_BODY_BYTES)` })
      },
    })
    limits.set(maxSize, m)
  }
  return m
}

export function defaultBodyLimit(): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || hasOwnBodyLimit(c.req.method, c.req.path)) return next()
    return limitOf(c.get('deps').config.VARCO_MAX_BODY_BYTES)(c, next)
  }
}
