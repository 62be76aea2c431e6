/**
 * The end-to-end walks over HTTP, registered once per runtime as users run the gateway: the Node entry
 * (`npm start`), `npm run dev:worker` (wrangler dev: workerd + sqld) and the `npm run build` bundle.
 * The in-process route contracts (test/contract/*) run the same app inside vitest; these run the real
 * entry points, bundler and runtime, so that what a user starts is what is tested.
 * - payment: CREATION_PENDING → PAYMENT_PENDING → notice PDF → checkout → pay → landing → COMPLETE → receipt;
 * - FatturaPA: the whole FatturaPA route contract (genera, valida, render, sequences, hostile input);
 * - SDI: the whole SDI route contract (genera → trasmetti → RC, FPA12 → NE EC01 and DT, NS and re-send,
 *   idempotency under 20 concurrent requests, roles, list, callbacks);
 * - payments v2: a Revolut link paid at its page, a Stripe link applied once from its signed webhook;
 * - cron (Workers runtimes): the scheduled handler runs the minute schedule.
 * @module
 */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { streamOf } from '../adapters/pgp/streams.ts'
import { B2B_CUSTOMER, CEDENTE } from '../contract/billing-routes.contract.ts'
import { runFatturapaRouteContract } from '../contract/fatturapa-routes.contract.ts'
import { SANDBOX_KEYS } from '../contract/payments-v2-harness.ts'
import { runSdiRouteContract } from '../contract/sdi-routes.contract.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { type RunningServer, type Runtime, startServer } from './helpers.ts'
import { E2E_SECRET, type HttpHarness, httpHarness } from './http-harness.ts'

const EXAMPLES = join(import.meta.dirname, '../fixtures/fatturapa/examples')
const PDF = '%PDF-'
const LINK = { amount: 2500, currency: 'EUR', description: 'Quota 2026', reference: 'Q-2026-1', return_url: 'https://example.it/back' }

// biome-ignore lint/suspicious/noExplicitAny: tests read deep fields of untyped JSON bodies.
type Json = Record<string, any>

export function registerWalks(runtime: Runtime): void {
  const workers = runtime === 'wrangler-dev' || runtime === 'bundle'
  let server: RunningServer
  let h: HttpHarness
  let started: Promise<HttpHarness> | null = null
  const harness = () => {
    started ??= startServer({
      runtime,
      // SDI answers only when a walk asks the simulator (never on a timer, which would race the asking).
      // The route contracts over HTTP fail authentication on purpose, all from 127.0.0.1 (on Workers from one
      // unknown address): the failed-auth limiter (tested in test/edge/auth-throttle.test.ts) would answer 429.
      env: { JWT_SECRET: E2E_SECRET, VARCO_ENV: 'development', VARCO_SANDBOX_SDI_DELIVERY_MS: '0', VARCO_AUTH_FAIL_LIMIT: '0' },
    }).then((s) => {
      server = s
      h = httpHarness(s)
      return h
    })
    return started
  }

  /** A tenant with the sandbox `provider` configured and one payments v2 link for `method`. */
  async function v2Link(provider: keyof typeof SANDBOX_KEYS, method: string) {
    const t = await h.tenant()
    const admin = { key: t.key, token: await h.token(t.id) }
    const config = await h.call('PUT', '/payment/v2/provider-config', { ...admin, body: { provider, ...SANDBOX_KEYS[provider] } })
    expect(config.status, config.text).toBe(200)
    const link = await h.call('POST', '/payment/v2/links', { ...admin, body: { ...LINK, method } })
    expect(link.status, link.text).toBe(201)
    return { t, admin, d: link.json['data'] as Json }
  }

  describe(`walks on ${runtime}`, () => {
    beforeAll(async () => {
      await harness()
    }, 180_000)
    afterAll(async () => {
      await server?.stop()
    }, 30_000)

    it('GET /status: ok, with the database and the sandbox', async () => {
      const status = (await h.call('GET', '/status')).json as Json
      expect(status).toMatchObject({
        status: 'ok',
        runtime: workers ? 'workerd' : runtime,
        database: { ok: true, kind: workers ? 'remote' : 'file' },
        sandbox: { enabled: true },
      })
    })

    it('payment (pagoPA): created, notice PDF, checkout, paid, landing, COMPLETE, receipt PDF', async () => {
      const t = await h.tenant()
      const admin = { key: t.key, token: await h.token(t.id) }
      const svc = await h.call('POST', '/services', {
        ...admin,
        body: { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' },
      })
      expect(svc.status, svc.text).toBe(201)
      const ev = creationEvent(t.id, svc.json['id'] as string)
      const created = await h.call('POST', '/payments', { ...admin, body: ev })
      expect(created.status, created.text).toBe(201)
      const payment = created.json['payment'] as Json
      expect(payment['status']).toBe('PAYMENT_PENDING')
      expect(payment['payment']['notice_code']).toMatch(/^3\d{17}$/)

      const notice = await h.request(payment['links']['offline_payment']['url'])
      expect(notice.status).toBe(200)
      expect(notice.headers.get('content-type')).toBe('application/pdf')
      expect(new TextDecoder().decode((await notice.arrayBuffer()).slice(0, 5))).toBe(PDF)

      const begin = await h.request(payment['links']['online_payment_begin']['url'])
      expect(begin.status).toBe(303)
      const checkout = begin.headers.get('location') as string
      expect(checkout).toContain(`${h.url}/sandbox/pagopa/`)
      const page = await h.request(checkout)
      expect(await page.text()).toContain('Paga')
      const paid = await h.request(`${checkout}/pay`, { method: 'POST' })
      expect(paid.status).toBe(303)
      const back = paid.headers.get('location') as string
      // The signed landing link (capability link) plus the checkout's outcome.
      expect(back.startsWith(`${h.url}/landing/${ev.id}?exp=`) && back.endsWith('&outcome=ok')).toBe(true)
      const landing = await h.request(back)
      expect(landing.status).toBe(302)
      expect(landing.headers.get('location')).toBe(ev.links.online_payment_landing.url)

      const final = (await h.call('GET', `/payments/${ev.id}`, admin)).json as Json
      expect(final).toMatchObject({ status: 'COMPLETE', payment: { transaction_id: expect.any(String) } })
      const receipt = await h.request(final['links']['receipt']['url'])
      expect(receipt.status).toBe(200)
      expect(new TextDecoder().decode((await receipt.arrayBuffer()).slice(0, 5))).toBe(PDF)
      const events = (await h.call('GET', `/payments/${ev.id}/events`, admin)).json['items'] as Json[]
      expect(events.map((e) => e['status'])).toEqual(['CREATION_PENDING', 'PAYMENT_PENDING', 'PAYMENT_STARTED', 'COMPLETE'])
    })

    it('a body over the default limit (1 MiB): 413 whether Content-Length declares it or it comes chunked; under it, 201', async () => {
      const t = await h.tenant()
      const auth = { key: t.key, token: await h.token(t.id) }
      const headers = { 'x-api-key': auth.key, authorization: `Bearer ${auth.token}`, 'content-type': 'application/json' }
      const svc = await h.call('POST', '/services', {
        ...auth,
        body: { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' },
      })
      expect(svc.status, svc.text).toBe(201)
      const chunked = (text: string) => streamOf(new TextEncoder().encode(text), 64 * 1024)
      const over = { ...creationEvent(t.id, svc.json['id'] as string), description: 'x'.repeat(1024 * 1024) }
      for (const body of [JSON.stringify(over), chunked(JSON.stringify(over))]) {
        const res = await h.request('/payments', { method: 'POST', headers, body, duplex: 'half' } as RequestInit)
        expect(res.status).toBe(413)
        expect(res.headers.get('content-type')).toContain('application/problem+json')
        expect(await res.text()).toContain('larger than 1048576 bytes')
        // The rest of the body is not read: the answer says the connection closes, so no next request is sent on it.
        if (!workers) expect(res.headers.get('connection')?.split(/,\s*/)).toContain('close')
      }
      expect((await h.call('GET', `/payments/${over.id}`, auth)).status).toBe(404)
      const under = creationEvent(t.id, svc.json['id'] as string)
      const ok = await h.request('/payments', {
        method: 'POST',
        headers,
        body: chunked(JSON.stringify(under)),
        duplex: 'half',
      } as RequestInit)
      expect(ok.status, await ok.clone().text()).toBe(201)
    })

    it('payments v2 (Revolut): a link paid at the provider page reads paid', async () => {
      const { admin, d } = await v2Link('revolut', 'open_banking')
      const order = String(d['payment_url']).split('/').at(-1)
      expect((await h.request(`/sandbox/revolut/test/orders/${order}/pay`, { method: 'POST' })).status).toBe(200)
      const got = await h.call('GET', `/payment/v2/payments/${d['payment_id']}`, admin)
      expect(got.json).toMatchObject({ success: true, data: { payment_id: d['payment_id'], status: 'paid' } })
    })

    it('payments v2 (Stripe): the signed webhook is applied once, a replay is a duplicate, a forgery is refused', async () => {
      const { t, d } = await v2Link('stripe', 'card')
      const session = String(d['payment_url']).split('/').at(-1)
      expect((await h.request(`/sandbox/stripe/test/sessions/${session}/pay`, { method: 'POST' })).status).toBe(200)
      const events = (await (await h.request(`/sandbox/stripe/sandbox-events/${session}`)).json()) as {
        data: Array<{ type: string; payload: string; header: string }>
      }
      const completed = events.data.find((e) => e.type === 'checkout.session.completed')
      expect(completed).toBeDefined()
      const send = (signature: string) =>
        h.request(`/payment/v2/webhooks/${t.id}/stripe`, {
          method: 'POST',
          headers: { 'stripe-signature': signature, 'content-type': 'application/json' },
          body: completed?.payload ?? '',
        })
      const first = await send(completed?.header ?? '')
      expect(await first.json()).toMatchObject({ success: true, data: { outcome: 'applied', payment_id: d['payment_id'], status: 'paid' } })
      expect(await (await send(completed?.header ?? '')).json()).toMatchObject({ success: true, data: { outcome: 'duplicate' } })
      const forged = await send(completed?.header.replace(/v1=[0-9a-f]{4}/, 'v1=0000') ?? '')
      expect(forged.status).toBe(400)
      expect(await forged.json()).toMatchObject({ success: false })
    })

    if (workers) {
      it('cron: the scheduled handler runs the minute schedule, and /status shows its runs', async () => {
        const res = await h.request('/cdn-cgi/handler/scheduled?cron=*+*+*+*+*')
        expect(res.status, await res.clone().text()).toBe(200)
        await res.body?.cancel()
        // The handler hands its work to waitUntil; /status lists job runs once they are stored.
        let jobs: Json[] = []
        for (let i = 0; i < 50 && !jobs.some((j) => j['last_run']); i++) {
          jobs = ((await h.call('GET', '/status')).json['cron'] ?? []) as Json[]
          await new Promise((r) => setTimeout(r, 200))
        }
        expect(jobs.some((j) => j['last_run'])).toBe(true)
      })
    }

    it('billing: a package bought on the Stripe simulator is paid by its pushed webhook, invoiced and downloadable', async () => {
      const x = await harness()
      const t = await x.tenant('Agile Technology SRL')
      x.cli('billing', 'operator', '--tenant', t.id)
      const as = { key: t.key, token: await x.token(t.id, 'admin') }
      const settings = await x.call('PUT', '/billing/settings', { ...as, body: CEDENTE })
      expect(settings.status, settings.text).toBe(200)
      expect((await x.call('PUT', '/billing/customer', { ...as, body: B2B_CUSTOMER })).status).toBe(200)
      const c = await x.call('POST', '/billing/checkout/2', as)
      expect(c.status, c.text).toBe(200)
      const sessionId = String((c.json as Json)['data']['session_id'])
      expect((await x.request(`/sandbox/stripe/test/sessions/${sessionId}/pay`, { method: 'POST' })).status).toBe(200)
      let pkg: Json = {}
      for (let i = 0; i < 50; i++) {
        pkg = ((await x.call('GET', '/billing/status', as)).json as Json)['data']['packages'][1]
        if (pkg['invoice_state'] === 'issued') break
        await new Promise((r) => setTimeout(r, 100))
      }
      expect(pkg).toMatchObject({ status: 'paid', invoice_state: 'issued', fattura_numero: expect.stringMatching(/^FT-\d{4}-\d{4}-02$/) })
      const xml = await x.request('/billing/fattura/2', { headers: { 'x-api-key': t.key, authorization: `Bearer ${as.token}` } })
      expect(xml.headers.get('content-disposition')).toBe(`attachment; filename="${pkg['fattura_file_name']}"`)
      expect(await xml.text()).toContain('<Descrizione>Pacchetto Onboarding #2</Descrizione>')
    })

    it(
      workers
        ? 'RTD: listing and settings work; an upload answers 503 (no local disk on Workers)'
        : 'RTD: a streamed upload is aggregated, encrypted and sent once; its ADEACK is fetched, stored and confirmed',
      async () => {
        const x = await harness()
        const t = await x.tenant('Acquirer SpA')
        const auth = { key: t.key, token: await x.token(t.id, 'admin') }
        const headers = { 'x-api-key': t.key, authorization: `Bearer ${auth.token}`, 'content-type': 'text/csv' }
        const stamp = String(Date.now()).slice(-6)
        const name = `CSTAR.12345.TRNLOG.20261206.${stamp}.001.csv`
        const row = (merchant: string, amount: number) =>
          `12345;00;01;pan1;2026-12-05T19:05:41.000Z;acq-1;iss-1;;${amount};978;12345;${merchant};T1;40236010;4900;00000000001;00000000001;00;`
        const body = ['# walk', row('M1', 1250), row('M1', 100), row('M2', 700)].join('\n')
        const up = await x.request(`/rtd/submissions?file_name=${name}`, { method: 'POST', headers, body })
        const json = (await up.json()) as Json
        const settings = await x.call('PUT', '/rtd/settings', { ...auth, body: { sender_codes: ['12345'] } })
        expect(settings.status, settings.text).toBe(200)
        if (workers) {
          expect(up.status, JSON.stringify(json)).toBe(503)
          expect(json).toMatchObject({ success: false, code: 'unavailable' })
          expect((await x.call('GET', '/rtd/submissions', auth)).json).toMatchObject({ success: true, data: [] })
          return
        }
        expect(up.status, JSON.stringify(json)).toBe(202)
        let s: Json = {}
        for (let i = 0; i < 150 && s['state'] !== 'sent'; i++) {
          await new Promise((r) => setTimeout(r, 200))
          s = (await x.call('GET', `/rtd/submissions/${json['id']}`, auth)).json as Json
        }
        expect(s).toMatchObject({ state: 'sent', rows_read: 3, aggregates: 2 })
        const file = s['files'][0] as Json
        expect(file).toMatchObject({ file_name: `ADE.12345.TRNLOG.20261206.${stamp}.001.01.csv.pgp`, upload: 'uploaded' })
        const answer = await x.request(`/sandbox/rtd/_control/files/${file['file_name']}/ade-answer`, { method: 'POST', body: '{}' })
        expect(answer.status).toBe(200)
        // The CLI follows the tenant now (the minute's reconcile-rtd would too).
        JSON.parse(x.cli('rtd', 'acks', '--tenant', t.id))
        const done = (await x.call('GET', `/rtd/submissions/${json['id']}`, auth)).json as Json
        expect(done).toMatchObject({ state: 'done' })
        const acks = (await x.call('GET', '/rtd/acks', auth)).json as Json
        expect(acks['data']).toMatchObject([{ rows: 1, warnings: 1, confirmed_at: expect.any(String) }])
      },
    )

    runSdiRouteContract(`${runtime}, over HTTP`, async () => {
      const x = await harness()
      return { ...x, request: (path: string, init?: RequestInit) => x.request(path, init) }
    })

    runFatturapaRouteContract(`${runtime}, over HTTP`, harness, {
      fpr03: readFileSync(join(EXAMPLES, 'IT01234567890_FPR03.xml'), 'utf8'),
      billionLaughs: `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<lolz>&lol2;</lolz>`,
    })
  })
}
