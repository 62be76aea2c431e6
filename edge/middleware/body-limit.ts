/**
 * The default request body limit: every route without a limit of its own refuses a body larger than
 * `VARCO_MAX_BODY_BYTES` (default 1 MiB) with 413 `payload_too_large` in the route's envelope, whether
 * the size is declared (Content-Length) or only seen while reading (chunked). Routes with their own
 * limit: `/fatturapa/*` and `/sdi/trasmetti` (8 MB), the streamed uploads `POST /rtd/submissions`
 * (RTD_MAX_INPUT_BYTES) and `POST /services/{id}/imports` (streamed row by row, any size).
 *
 * A size declared by Content-Length (and no Transfer-Encoding) is checked from the header alone, without touching
 * `Request#body`: the HTTP/1.1 server (Node's, workerd's) ends such a body at its declared length. On Node that
 * matters: @hono/node-server's Request is a lightweight object that reads the body straight from the socket for
 * `json()`/`text()`, and asking it for `.body` builds an undici Request with an AbortController and a web stream
 * over the socket (about 16 KB of garbage and tens of µs per POST). A body without a declared size (chunked, or an
 * HTTP/2 body without Content-Length) is counted while read, by hono's own `bodyLimit`.
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

/** The size declared by Content-Length when it alone frames the body; null when the size is not declared. */
function declaredSize(headers: Headers): number | null {
  if (headers.has('transfer-encoding')) return null
  const length = headers.get('content-length')
  if (length === null) return null
  const n = Number(length)
  return /^\d+$/.test(length.trim()) && Number.isSafeInteger(n) ? n : null
}

export function defaultBodyLimit(): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || hasOwnBodyLimit(c.req.method, c.req.path)) return next()
    const maxSize = c.get('deps').config.VARCO_MAX_BODY_BYTES
    const declared = declaredSize(c.req.raw.headers)
    if (declared === null) return limitOf(maxSize)(c, next)
    return declared > maxSize ? limitOf(maxSize)(c, next) : next()
  }
}
