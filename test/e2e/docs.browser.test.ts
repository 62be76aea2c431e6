/**
 * GET /docs in a real browser (Debian chromium driven by playwright-core): the vendored Scalar bundle
 * renders the API reference from /openapi.json, and the page makes no request outside the gateway
 * (no CDN, fonts or telemetry), under its Content-Security-Policy with no violation. Saves a screenshot to .test-results/docs.png.
 * Needs /usr/bin/chromium (scripts/ensure-test-tools.sh installs it): skipped without it, failed under CI.
 * @module
 */

import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCAL_HOSTS, launchChromium, ROOT, type RunningServer, requireChromium, startServer } from './helpers.ts'

const SCREENSHOT = join(ROOT, '.test-results', 'docs.png')
/** Operation summaries of the OpenAPI document that the rendered page must show (at least 3). */
const SUMMARIES = [
  'List the tenants visible to the caller (its own)',
  'Read a tenant',
  'Deactivate a tenant (soft delete: active=false)',
  'Readiness: database check, sandbox mode and the last run of each cron job',
]
const hasChromium = requireChromium('GET /docs in chromium')

describe.skipIf(!hasChromium)('GET /docs in chromium', () => {
  let server: RunningServer
  let browser: Browser

  beforeAll(async () => {
    // Both at once; each is assigned as soon as it is up, so afterAll stops it even if the other fails.
    await Promise.all([
      startServer({ runtime: 'node' }).then((s) => {
        server = s
      }),
      launchChromium().then((b) => {
        browser = b
      }),
    ])
  }, 45_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('renders the API reference offline, with no request leaving the gateway', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' })
    const page = await context.newPage()
    const requests: string[] = []
    const problems: string[] = []
    let lastRequestAt = Date.now()
    // On the context, so requests of workers and popups count too (service workers are blocked).
    context.on('request', (req) => {
      requests.push(req.url())
      lastRequestAt = Date.now()
    })
    page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`))
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    // The page's Content-Security-Policy (edge/middleware/security-headers.ts) must not block anything Scalar needs.
    const violations: string[] = []
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text())
    })

    mkdirSync(join(ROOT, '.test-results'), { recursive: true })
    try {
      const res = await page.goto(`${server.url}/docs`, { waitUntil: 'load', timeout: 20_000 })
      expect(res?.status()).toBe(200)

      const visibleSummaries = async () => {
        let n = 0
        for (const s of SUMMARIES) if (await page.getByText(s, { exact: true }).first().isVisible()) n++
        return n
      }
      try {
        await expect.poll(visibleSummaries, { timeout: 20_000, interval: 250 }).toBeGreaterThanOrEqual(3)
      } catch (e) {
        await page.screenshot({ path: SCREENSHOT }).catch(() => {})
        const why = [...problems, `requests: ${requests.join(', ')}`].join('\n')
        throw new Error(`fewer than 3 operation summaries became visible on /docs (screenshot: ${SCREENSHOT})\n${why}`, { cause: e })
      }

      // Give late requests (telemetry, fonts, lazy chunks) a chance to show up before judging:
      // wait for 1.5 s without a new request (at most 6 s).
      const quietUntil = Date.now() + 6_000
      while (Date.now() - lastRequestAt < 1_500 && Date.now() < quietUntil) await page.waitForTimeout(250)
      await page.screenshot({ path: SCREENSHOT })

      const external = requests.filter((u) => {
        const { protocol, host, hostname } = new URL(u)
        if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return false
        return !LOCAL_HOSTS.has(hostname) && !LOCAL_HOSTS.has(host)
      })
      expect(external, `requests to other hosts: ${external.join(', ')}`).toEqual([])
      expect(violations, 'CSP violations on /docs').toEqual([])
      expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
      expect(requests).toContain(`${server.url}/docs/scalar.standalone.js`)
      expect(requests).toContain(`${server.url}/openapi.json`)
    } finally {
      await context.close()
    }
  }, 60_000)
})
