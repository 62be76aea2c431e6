/**
 * A citizen pays in a real browser (Debian chromium + playwright-core) against `npm start`'s server in
 * sandbox mode: the platform configures tenant and service and sends a CREATION_PENDING event; the
 * browser opens the online-payment link, lands on the pagoPA simulator's checkout page, clicks Paga,
 * comes back through /landing to the platform's page, and the payment is COMPLETE. No request leaves
 * the machine. Screenshots go to .test-results/.
 * @module
 */

import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { LOCAL_HOSTS, launchChromium, NODE_BIN, ROOT, type RunningServer, requireChromium, startServer } from './helpers.ts'

const hasChromium = requireChromium('payment in chromium')

describe.skipIf(!hasChromium)('a citizen pays through the real pages (chromium)', () => {
  let server: RunningServer
  let browser: Browser
  beforeAll(async () => {
    await Promise.all([
      startServer({ runtime: 'node' }).then((s) => {
        server = s
      }),
      launchChromium().then((b) => {
        browser = b
      }),
    ])
  }, 40_000)
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  const cli = (...args: string[]) => {
    const r = spawnSync(NODE_BIN, [join(ROOT, 'bin', 'varco.mjs'), ...args], {
      env: { PATH: process.env['PATH'], VARCO_DB_URL: `file:${join(server.dataDir, 'varco.db')}` },
      encoding: 'utf8',
    })
    if (r.status !== 0) throw new Error(r.stderr)
    return r.stdout.trim()
  }

  it('online payment → pagoPA checkout → Paga → landing → COMPLETE', async () => {
    const { id: tenantId, api_key } = JSON.parse(cli('tenant', 'create', '--name', 'Comune di Bugliano', '--tax-id', '00341620508'))
    const headers = {
      'x-api-key': api_key,
      authorization: `Bearer ${cli('token', '--tenant', tenantId, '--user', 'ops', '--role', 'admin')}`,
      'content-type': 'application/json',
    }
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
      // biome-ignore lint/suspicious/noExplicitAny: the test reads deep fields of JSON bodies.
      return { status: res.status, json: (await res.json()) as Record<string, any> }
    }
    const svc = await api('POST', '/services', {
      payment_type: 'PAGOPA',
      amount: 16.5,
      reason: 'TARI 2026',
      expire_at: 30,
      collection_data: '9/0101108TS/',
    })
    expect(svc.status).toBe(201)
    const landingUrl = `${server.url}/health?landed=1`
    const ev = creationEvent(tenantId, svc.json['id'])
    ev.links.online_payment_landing.url = landingUrl
    const created = await api('POST', '/payments', ev)
    expect(created.json['payment']['status']).toBe('PAYMENT_PENDING')

    const page = await browser.newPage()
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(created.json['payment']['links']['online_payment_begin']['url'])
    await page.getByRole('button', { name: 'Paga' }).waitFor({ timeout: 10_000 })
    expect(await page.textContent('body')).toContain('16,50')
    mkdirSync(join(ROOT, '.test-results'), { recursive: true })
    await page.screenshot({ path: join(ROOT, '.test-results', 'checkout.png') })
    expect((await api('GET', `/payments/${ev.id}`)).json['status']).toBe('PAYMENT_STARTED')

    await page.getByRole('button', { name: 'Paga' }).click()
    await page.waitForURL(landingUrl, { timeout: 10_000 })

    const paid = await api('GET', `/payments/${ev.id}`)
    expect(paid.json).toMatchObject({ status: 'COMPLETE', payment: { transaction_id: expect.any(String) } })
    const events = (await api('GET', `/payments/${ev.id}/events`)).json['items'] as Array<{ status: string }>
    expect(events.map((e) => e.status)).toEqual(['CREATION_PENDING', 'PAYMENT_PENDING', 'PAYMENT_STARTED', 'COMPLETE'])
    const foreign = requests.filter((u) => !LOCAL_HOSTS.has(new URL(u).hostname))
    expect(foreign).toEqual([])
    await page.close()
  }, 60_000)
})
