/**
 * The Agile services in a real browser (Debian chromium + playwright-core) against `npm start`'s
 * server in sandbox mode: a payment link paid on the Revolut and on the Stripe simulator's hosted
 * page, a SEPA mandate signed on Stripe's hosted mandate page and then charged, and a FatturaPA shown
 * by POST /fatturapa/render, and an onboarding package bought on Stripe's page. No request leaves the machine. Screenshots go to .test-results/.
 * @module
 */

import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GENERA_EXAMPLE } from '../../openapi/fatturapa.ts'
import { SANDBOX_REVOLUT } from '../../sandbox/revolut/index.ts'
import { SANDBOX_STRIPE } from '../../sandbox/stripe/index.ts'
import { B2B_CUSTOMER, CEDENTE } from '../contract/billing-routes.contract.ts'
import { LOCAL_HOSTS, launchChromium, NODE_BIN, ROOT, type RunningServer, requireChromium, startServer } from './helpers.ts'

const hasChromium = requireChromium('payments v2 in chromium')

const KEYS = {
  revolut: { api_key: SANDBOX_REVOLUT.secretKey, webhook_secret: SANDBOX_REVOLUT.webhookSecret },
  stripe: { api_key: SANDBOX_STRIPE.secretKey, webhook_secret: SANDBOX_STRIPE.webhookSecret },
} as const

describe.skipIf(!hasChromium)('payments v2 and FatturaPA through the real pages (chromium)', () => {
  let server: RunningServer
  let browser: Browser
  let headers: Record<string, string>
  // biome-ignore lint/suspicious/noExplicitAny: the test reads deep fields of JSON bodies.
  let api: (method: string, path: string, body?: unknown) => Promise<{ status: number; json: Record<string, any> }>
  beforeAll(async () => {
    await Promise.all([
      startServer({ runtime: 'node' }).then((s) => {
        server = s
      }),
      launchChromium().then((b) => {
        browser = b
      }),
    ])
    const cli = (...args: string[]) => {
      const r = spawnSync(NODE_BIN, [join(ROOT, 'bin', 'varco.mjs'), ...args], {
        env: { PATH: process.env['PATH'], VARCO_DB_URL: `file:${join(server.dataDir, 'varco.db')}` },
        encoding: 'utf8',
      })
      if (r.status !== 0) throw new Error(r.stderr)
      return r.stdout.trim()
    }
    const { id, api_key } = JSON.parse(cli('tenant', 'create', '--name', 'Agile Technology', '--tax-id', '07776161213'))
    cli('billing', 'operator', '--tenant', id)
    headers = {
      'x-api-key': api_key,
      authorization: `Bearer ${cli('token', '--tenant', id, '--user', 'ops', '--role', 'admin')}`,
      'content-type': 'application/json',
    }
    api = async (method, path, body) => {
      const res = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
      const text = await res.text()
      return { status: res.status, json: text.startsWith('{') ? JSON.parse(text) : { text } }
    }
    mkdirSync(join(ROOT, '.test-results'), { recursive: true })
  }, 40_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  for (const provider of ['revolut', 'stripe'] as const) {
    it(`a payment link paid on the ${provider} simulator's page reads paid (Stripe: back at return_url)`, async () => {
      expect((await api('PUT', '/payment/v2/provider-config', { provider, ...KEYS[provider] })).status).toBe(200)
      const returnUrl = `${server.url}/health?paid=${provider}`
      const link = await api('POST', '/payment/v2/links', {
        amount: 15000,
        currency: 'EUR',
        description: 'Pacchetto Onboarding 231 #3',
        reference: `PKG-2026-003-${provider}`,
        method: 'card',
        return_url: returnUrl,
      })
      expect(link.status).toBe(201)
      expect(link.json['data']).toMatchObject({ status: 'pending', payment_url: expect.stringContaining(`/sandbox/${provider}/`) })

      const page = await browser.newPage()
      const requests: string[] = []
      page.on('request', (r) => requests.push(r.url()))
      await page.goto(link.json['data']['payment_url'])
      const pay = page.getByRole('button', { name: /^(Pay|Paga) / })
      await pay.waitFor({ timeout: 10_000 })
      expect(await page.textContent('body')).toMatch(/150[.,]00/)
      await page.screenshot({ path: join(ROOT, '.test-results', `v2-link-${provider}.png`) })
      await pay.click()
      if (provider === 'stripe') await page.waitForURL(returnUrl, { timeout: 10_000 })
      // Revolut refuses a redirect_url on an IP host (providers.md §2.2), so here its page stays and says so.
      else await page.getByText('Payment successful').waitFor({ timeout: 10_000 })
      await page.close()

      const read = await api('GET', `/payment/v2/payments/${link.json['data']['payment_id']}`)
      expect(read.json['data']).toMatchObject({ status: 'paid', paid_at: expect.any(String) })
      expect(requests.filter((u) => !LOCAL_HOSTS.has(new URL(u).hostname))).toEqual([])
    }, 60_000)
  }

  it('an onboarding package bought on the Stripe simulator page is paid (pushed webhook), invoiced and downloadable', async () => {
    expect((await api('PUT', '/billing/settings', { ...CEDENTE, success_url: `${server.url}/health?package=paid` })).status).toBe(200)
    expect((await api('PUT', '/billing/customer', B2B_CUSTOMER)).status).toBe(200)
    const c = await api('POST', '/billing/checkout/1')
    expect(c.status).toBe(200)
    const page = await browser.newPage()
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(c.json['data']['checkout_url'])
    const pay = page.getByRole('button', { name: /^Paga / })
    await pay.waitFor({ timeout: 10_000 })
    expect(await page.textContent('body')).toMatch(/183,00/)
    await page.screenshot({ path: join(ROOT, '.test-results', 'billing-checkout.png') })
    await pay.click()
    await page.waitForURL(`${server.url}/health?package=paid`, { timeout: 10_000 })
    await page.close()
    const status = await api('GET', '/billing/status')
    expect(status.json['data']['packages'][0]).toMatchObject({ status: 'paid', paid_via: 'card', invoice_state: 'issued' })
    const xml = await fetch(`${server.url}/billing/fattura/1`, { headers })
    expect(xml.headers.get('content-disposition')).toMatch(/^attachment; filename="IT07776161213_\w+\.xml"$/)
    expect(await xml.text()).toContain('Pacchetto Onboarding #1')
    expect(requests.filter((u) => !LOCAL_HOSTS.has(new URL(u).hostname))).toEqual([])
  }, 60_000)

  it("a SEPA mandate signed on Stripe's hosted page becomes active and can be charged", async () => {
    expect((await api('PUT', '/payment/v2/provider-config', { provider: 'stripe', ...KEYS.stripe })).status).toBe(200)
    const m = await api('POST', '/payment/v2/mandates', {
      customer_name: 'Mario Rossi',
      customer_email: 'mario@esempio.it',
      iban: 'IT60X0542811101000000123456',
      description: 'Abbonamento 231 Agile',
    })
    expect(m.status).toBe(201)
    expect(m.json['data']).toMatchObject({ status: 'pending_mandate_signature', iban_masked: 'IT60****3456' })
    const id = m.json['data']['mandate_id']
    expect(
      (await api('POST', `/payment/v2/mandates/${id}/charges`, { amount: 15000, currency: 'EUR', description: 'x', reference: 'EARLY' }))
        .status,
    ).toBe(409)

    const page = await browser.newPage()
    await page.goto(m.json['data']['mandate_url'])
    await page.getByLabel('IBAN').fill('IT60X0542811101000000123456')
    await page.screenshot({ path: join(ROOT, '.test-results', 'v2-mandate-stripe.png') })
    await page.getByRole('button', { name: 'Accetto il mandato' }).click()
    await page.waitForLoadState()
    await page.close()

    expect((await api('GET', `/payment/v2/mandates/${id}`)).json['data']['status']).toBe('active')
    const charge = await api('POST', `/payment/v2/mandates/${id}/charges`, {
      amount: 15000,
      currency: 'EUR',
      description: 'Pacchetto Onboarding #4',
      reference: 'PKG-2026-004',
    })
    expect(charge.status).toBe(201)
    expect(charge.json['data']).toMatchObject({ kind: 'charge', status: 'pending', method: 'sepa_debit' })
  }, 60_000)

  it('a FatturaPA from /fatturapa/genera shown by /fatturapa/render, self-contained under its CSP', async () => {
    const made = await api('POST', '/fatturapa/genera', GENERA_EXAMPLE)
    expect(made.status).toBe(200)
    const res = await fetch(`${server.url}/fatturapa/render`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ xml_base64: made.json['xml_base64'] }),
    })
    expect(res.status).toBe(200)
    const html = await res.text()
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'none'")

    const page = await browser.newPage()
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    const errors: string[] = []
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text())
    })
    const viewUrl = `${server.url}/__fattura-view`
    await page.route(viewUrl, (route) =>
      route.fulfill({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp }, body: html }),
    )
    await page.goto(viewUrl)
    await expect.poll(() => page.getByRole('heading', { level: 2, name: /Fattura \(TD01\) n\. FT-2026-0001-01/ }).count()).toBe(1)
    const cells = await page.locator('table.summary td').allTextContents()
    expect(cells.slice(0, 3)).toEqual(['22.00%', '150.00', '33.00'])
    expect(await page.textContent('body')).toContain('TechnoSteel S.r.l.')
    await page.screenshot({ path: join(ROOT, '.test-results', 'fattura-view.png'), fullPage: true })
    await page.close()
    expect(errors).toEqual([])
    expect(requests).toEqual([viewUrl])
  }, 60_000)
})
