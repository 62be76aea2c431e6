/**
 * Security headers on every HTML page the gateway serves (/docs, the FatturaPA HTML view, the
 * sandbox simulators' pages) and on API answers: a Content-Security-Policy with `frame-ancestors
 * 'none'`, X-Content-Type-Options nosniff, Referrer-Policy, X-Frame-Options; HSTS in production only.
 * The /docs policy allows its one inline script by hash: recomputed here from the page itself.
 * @module
 */

import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createNodeXsdValidator } from '../../adapters/fatturapa/xsd/node.ts'
import { DOCS_CSP, DOCS_SCRIPT_HASH } from '../../edge/middleware/security-headers.ts'
import { DOCS_INIT_SCRIPT } from '../../edge/routes/docs.ts'
import { sdiInvoice } from '../fixtures/sdi/invoices.ts'
import { harness } from './harness.ts'

/** The simulators' HTML index pages (the RTD one is plain text). */
const SIMULATOR_PAGES = ['stripe', 'pagopa', 'revolut', 'onpay', 'echo', 'kafka-rest', 'openapi-sdi'].map((s) => `/sandbox/${s}`)

async function htmlPages(env: Record<string, string> = {}) {
  const h = await harness({ xsd: createNodeXsdValidator }, env)
  const t = await h.tenant()
  const as = { key: t.key, token: await h.token(t.id, 'viewer') }
  const pages: Array<[string, Response]> = [['/docs', await h.app.request('/docs')]]
  const view = await h.app.request('/fatturapa/render', {
    method: 'POST',
    headers: { 'x-api-key': as.key, authorization: `Bearer ${as.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ xml_base64: Buffer.from(sdiInvoice().xml).toString('base64'), format: 'html' }),
  })
  pages.push(['/fatturapa/render', view])
  for (const path of SIMULATOR_PAGES) pages.push([path, await h.app.request(path)])
  return { h, pages }
}

const directives = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/) as [string, ...string[]])
      .map(([k, ...v]) => [k, v]),
  )

describe('security headers', () => {
  it('every HTML page: CSP with default-src none and frame-ancestors none, nosniff, no referrer, no framing, no HSTS outside production', async () => {
    const { pages } = await htmlPages()
    for (const [path, res] of pages) {
      expect({ path, status: res.status, type: res.headers.get('content-type') }).toMatchObject({
        path,
        status: 200,
        type: expect.stringContaining('text/html'),
      })
      const csp = directives(res.headers.get('content-security-policy') ?? '')
      expect({ path, default: csp.get('default-src'), frames: csp.get('frame-ancestors') }).toEqual({
        path,
        default: ["'none'"],
        frames: ["'none'"],
      })
      expect(csp.get('script-src')?.some((s) => s === "'unsafe-inline'" || s === "'unsafe-eval'") ?? false, path).toBe(false)
      expect({
        path,
        nosniff: res.headers.get('x-content-type-options'),
        referrer: res.headers.get('referrer-policy'),
        frame: res.headers.get('x-frame-options'),
        hsts: res.headers.get('strict-transport-security'),
      }).toEqual({ path, nosniff: 'nosniff', referrer: 'no-referrer', frame: 'DENY', hsts: null })
    }
  }, 60_000)

  it('production adds Strict-Transport-Security, on pages and API answers alike', async () => {
    const { h, pages } = await htmlPages({ VARCO_ENV: 'production', VARCO_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` })
    for (const [path, res] of pages)
      expect({ path, hsts: res.headers.get('strict-transport-security') }).toEqual({ path, hsts: 'max-age=31536000; includeSubDomains' })
    const api = await h.app.request('/tenants')
    expect([api.status, api.headers.get('strict-transport-security'), api.headers.get('x-content-type-options')]).toEqual([
      401,
      'max-age=31536000; includeSubDomains',
      'nosniff',
    ])
  }, 60_000)

  it('JSON, problem+json, CSV, PDF and asset answers carry nosniff too', async () => {
    const h = await harness()
    for (const path of ['/health', '/tenants', '/openapi.json', '/docs/scalar.standalone.js', '/no-such-route']) {
      expect({ path, nosniff: (await h.app.request(path)).headers.get('x-content-type-options') }).toEqual({ path, nosniff: 'nosniff' })
    }
  })

  it('/docs: its only inline script is the one whose hash the policy allows; everything else is same-origin', async () => {
    const h = await harness()
    const page = await (await h.app.request('/docs')).text()
    const inline = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1])
    expect(inline).toEqual([DOCS_INIT_SCRIPT])
    expect(DOCS_SCRIPT_HASH).toBe(`sha256-${createHash('sha256').update(DOCS_INIT_SCRIPT).digest('base64')}`)
    const csp = directives(DOCS_CSP)
    expect(csp.get('script-src')).toEqual(["'self'", `'${DOCS_SCRIPT_HASH}'`])
    expect(csp.get('connect-src')).toEqual(["'self'"])
  })
})
