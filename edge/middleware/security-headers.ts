/**
 * Security headers on every answer: `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
 * `X-Frame-Options: DENY`, and `Strict-Transport-Security` when VARCO_ENV=production. HTML pages get a
 * Content-Security-Policy (default-src 'none' plus what the page needs; `frame-ancestors 'none'`)
 * unless the route set its own (FatturaPA view, simulator pages), in which case `frame-ancestors` is
 * added to it. /docs needs the vendored Scalar bundle (same origin), its inline init script (by hash),
 * inline styles, /openapi.json (connect-src 'self') and data:/blob: images and fonts.
 * @module
 */

import type { Context } from 'hono'
import type { AppEnv } from '../context.ts'

/** sha256 of the inline script of /docs (edge/routes/docs.ts DOCS_INIT_SCRIPT); a test recomputes it. */
export const DOCS_SCRIPT_HASH = 'sha256-v12So0G4i0ETs7dW2rLDU/eyZgSTELBoiDzRzVgSNyM='

export const DEFAULT_HTML_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

export const DOCS_CSP = [
  "default-src 'none'",
  `script-src 'self' '${DOCS_SCRIPT_HASH}'`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** One year, the HSTS preload minimum; sent only in production (HTTPS is the operator's, in front). */
const HSTS = 'max-age=31536000; includeSubDomains'

function apply(h: Headers, path: string, production: boolean): void {
  const set = (name: string, value: string) => {
    if (!h.has(name)) h.set(name, value)
  }
  set('x-content-type-options', 'nosniff')
  set('referrer-policy', 'no-referrer')
  set('x-frame-options', 'DENY')
  if (production) set('strict-transport-security', HSTS)
  htmlPolicy(h, path)
}

function htmlPolicy(h: Headers, path: string): void {
  if (!(h.get('content-type') ?? '').toLowerCase().startsWith('text/html')) return
  const csp = h.get('content-security-policy')
  if (csp === null) h.set('content-security-policy', path === '/docs' ? DOCS_CSP : DEFAULT_HTML_CSP)
  else if (!csp.includes('frame-ancestors')) h.set('content-security-policy', `${csp}; frame-ancestors 'none'`)
}

/**
 * Before the handler: the headers of every answer, on the context, so that an answer built by
 * `c.json()`/`c.body()` carries them at no further cost (a route may still set its own with `c.header`).
 */
export function presetSecurityHeaders(c: Context<AppEnv>, production: boolean): void {
  c.header('x-content-type-options', 'nosniff')
  c.header('referrer-policy', 'no-referrer')
  c.header('x-frame-options', 'DENY')
  if (production) c.header('strict-transport-security', HSTS)
}

/**
 * After the handler: an answer built without the context (errors, assets, passed-through responses)
 * gets the headers it lacks; an HTML page gets its CSP.
 */
export function finishSecurityHeaders(c: Context<AppEnv>, production: boolean): void {
  const finish = (h: Headers) => (h.has('x-content-type-options') ? htmlPolicy(h, c.req.path) : apply(h, c.req.path, production))
  try {
    finish(c.res.headers)
  } catch {
    // Immutable headers (a Response passed through from fetch): copy it, then set them.
    c.res = new Response(c.res.body, c.res)
    finish(c.res.headers)
  }
}
