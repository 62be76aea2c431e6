/**
 * The Opencity config forms round-trip in a real browser (Debian chromium + playwright-core, `@formio/js`
 * 5.6 from node_modules): each schema is rendered from the running gateway, an operator types into the
 * fields and clicks Salva, the submission is POSTed as the Core does, GET returns it, and the form
 * re-opened with `form.submission = {data: …}` shows the saved values (a Stripe secret as "set", its
 * field empty: secrets are write-only). The untouched defaults save too.
 * No request leaves the machine. Skipped without chromium, failed under CI.
 * @module
 */

import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FormPage, openFormPage } from './formio-page.ts'
import { LOCAL_HOSTS, launchChromium, NODE_BIN, ROOT, type RunningServer, requireChromium, startServer } from './helpers.ts'

const hasChromium = requireChromium('config forms in chromium')

describe.skipIf(!hasChromium)('the config forms round-trip through @formio/js (chromium)', () => {
  let server: RunningServer
  let browser: Browser
  let form: FormPage
  beforeAll(async () => {
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
    expect(form.requests.filter((u) => !LOCAL_HOSTS.has(new URL(u).hostname))).toEqual([])
    await form?.close()
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
  /** A provisioned tenant and a Core-side client that calls the config API with its credentials. */
  const core = (name: string) => {
    const { id, api_key } = JSON.parse(cli('tenant', 'create', '--name', name, '--tax-id', '00341620508'))
    const headers = {
      'x-api-key': api_key,
      authorization: `Bearer ${cli('token', '--tenant', id, '--user', 'core', '--role', 'admin')}`,
      'content-type': 'application/json',
    }
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
      // biome-ignore lint/suspicious/noExplicitAny: the test reads deep fields of JSON bodies.
      return { status: res.status, json: (await res.json()) as Record<string, any> }
    }
    return { id: id as string, api }
  }

  it('tenant form: typed in, submitted, POSTed, read back and shown again', async () => {
    form = await openFormPage(browser, server.url)
    const { id, api } = core('Comune di Bugliano')
    await form.render('/tenants/schema', { id }) // the Core puts its tenant's UUID in the hidden id
    await form.type('name', 'Comune di Bugliano')
    await form.type('tax_identification_number', '00341620508')
    await form.type('IPA_code', 'C_B303')
    await form.type('pagopa][segregation_code', '47')
    await form.type('pagopa][iban', 'IT60X0542811101000000123456')
    await form.type('stripe][secret_key', 'sk_test_sandbox_bugliano')
    await form.type('stripe][webhook_secret', 'whsec_sandbox_bugliano')
    const data = await form.submit()
    expect(data).toMatchObject({ id, submit: true, pagopa: { aux_digit: '3', postal_account: '' } })
    expect(data['stripe']).toMatchObject({ secret_key: 'sk_test_sandbox_bugliano', secret_key_set: false })

    const created = await api('POST', '/tenants', data)
    expect(created.status, JSON.stringify(created.json)).toBe(201)
    const got = await api('GET', `/tenants/${id}`)
    expect(got.json).toMatchObject({
      id,
      name: 'Comune di Bugliano',
      IPA_code: 'C_B303',
      pagopa: { segregation_code: '47', postal_account: null },
    })

    await form.render('/tenants/schema', got.json)
    expect(await form.shown('name')).toBe('Comune di Bugliano')
    expect(await form.shown('tax_identification_number')).toBe('00341620508')
    expect(await form.shown('IPA_code')).toBe('C_B303')
    expect(await form.shown('pagopa][segregation_code')).toBe('47')
    expect(await form.shown('pagopa][iban')).toBe('IT60X0542811101000000123456')
    expect(await form.shown('pagopa][aux_digit')).toBe('3')
    // The secret is shown as set, its field stays empty (GET never sends it back).
    expect(await form.checked('stripe][secret_key_set')).toBe(true)
    expect(await form.checked('revolut][api_key_set')).toBe(false)
    expect(await form.shown('stripe][secret_key')).toBe('')
    // Saved again unchanged, as the Core's PUT does.
    const again = await api('PUT', `/tenants/${id}`, await form.submit())
    expect(again.status, JSON.stringify(again.json)).toBe(200)
    expect(again.json).toMatchObject({ IPA_code: 'C_B303', pagopa: { segregation_code: '47' }, stripe: { secret_key_set: true } })
  }, 120_000)

  it('tenant form with the optional fields untouched → 201', async () => {
    const { id, api } = core('Comune di Pontedera')
    await form.render('/tenants/schema')
    await form.type('name', 'Comune di Pontedera')
    await form.type('tax_identification_number', '00353170509')
    const data = await form.submit()
    expect(data).toMatchObject({ id: '', IPA_code: '', pagopa: { segregation_code: '' } })
    const created = await api('POST', '/tenants', data)
    expect(created.status, JSON.stringify(created.json)).toBe(201)
    expect(created.json).toMatchObject({ id, IPA_code: null, pagopa: null, active: true, stripe: { secret_key_set: false } })
  }, 120_000)

  it('service form: typed in (selects, numbers, receiver, two split rows), POSTed, read back and shown again', async () => {
    const { api } = core('Comune di Cascina')
    const id = crypto.randomUUID()
    await form.render('/services/schema', { id }) // the Core chose the configuration's UUID
    await form.choose('payment_type', 'PAGOPA')
    await form.type('amount', '16.50')
    await form.type('reason', 'TARI 2026')
    await form.type('expire_at', '30')
    await form.type('collection_data', '9/0101108TS/')
    await form.type('receiver][tax_identification_number', '00341620508')
    await form.type('receiver][name', 'Unione Valdera')
    await form.type('split][0][code', 'c_1')
    await form.type('split][0][amount', '10')
    await form.addRow('split')
    await form.type('split][1][code', 'c_2')
    await form.type('split][1][amount', '6.50')
    await form.choose('intermediary', 'stripe')
    const data = await form.submit()

    const created = await api('POST', '/services', data)
    expect(created.status, JSON.stringify(created.json)).toBe(201)
    const got = await api('GET', `/services/${id}`)
    expect(got.json).toMatchObject({
      id,
      payment_type: 'PAGOPA',
      amount: 16.5,
      reason: 'TARI 2026',
      expire_at: 30,
      receiver: { tax_identification_number: '00341620508', name: 'Unione Valdera' },
      split: [
        { code: 'c_1', amount: 10 },
        { code: 'c_2', amount: 6.5 },
      ],
      intermediary: 'stripe',
    })

    await form.render('/services/schema', got.json)
    expect(await form.shown('payment_type')).toBe('pagoPA')
    expect(Number(await form.shown('amount'))).toBe(16.5)
    expect(await form.shown('reason')).toBe('TARI 2026')
    expect(await form.shown('expire_at')).toBe('30')
    expect(await form.shown('receiver][name')).toBe('Unione Valdera')
    expect(await form.shown('split][1][code')).toBe('c_2')
    expect(Number(await form.shown('split][1][amount'))).toBe(6.5)
    expect(await form.shown('intermediary')).toBe('Stripe')
    const again = await api('PUT', `/services/${id}`, await form.submit())
    expect(again.status, JSON.stringify(again.json)).toBe(200)
  }, 120_000)

  it('service form with the optional fields untouched → 201, id made by Varco', async () => {
    const { api } = core('Comune di Calci')
    await form.render('/services/schema')
    await form.choose('payment_type', 'STAMP')
    await form.type('amount', '16')
    await form.type('reason', 'Marca da bollo')
    await form.type('expire_at', '10')
    await form.type('collection_data', '9/0101108TS/')
    const data = await form.submit()
    expect(data).toMatchObject({ id: '', receiver: { name: '' }, split: [{ code: '' }] })
    const created = await api('POST', '/services', data)
    expect(created.status, JSON.stringify(created.json)).toBe(201)
    expect(created.json).toMatchObject({ payment_type: 'STAMP', receiver: null, split: [], intermediary: 'pagopa' })
    expect(created.json['id']).toMatch(/^[0-9a-f-]{36}$/)
  }, 120_000)
})
