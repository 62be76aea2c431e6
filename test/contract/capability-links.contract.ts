/**
 * Route contract of capability links, through the real app: the poller calls `links.update.url` as
 * given with no credentials; unsigned, tampered, foreign and expired links get 401 problem+json and
 * change nothing; X-API-Key + JWT still open /update; /update asks the intermediary at most once per
 * interval, also under concurrent calls. Runs on Node (embedded libSQL) and inside workerd (sqld), and over
 * HTTP against the Deno server (test/e2e/parity.deno.test.ts): there the clock cannot move, so expiry is checked
 * with links signed just past and well before their `exp` (from the server's own time), and the per-interval
 * case, which needs the clock, runs in-process only (the server's interval is 0).
 * @module
 */

import { beforeEach, describe, expect, it } from 'vitest'
import { unixSeconds } from '../../core/capability-link.ts'
import { updateRoute } from '../../openapi/citizen.ts'
import { linkTo, pathOf, signedUrl } from '../fakes/link-signer.fake.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { asContractHarness, type ContractHarness, columnsOf, gatewayNow } from './contract-harness.ts'
import { expectDeclared } from './declared-response.ts'
import type { RouteHarness } from './route-harness.ts'

// biome-ignore lint/suspicious/noExplicitAny: tests read deep fields of untyped JSON bodies.
type Json = Record<string, any>

/** `url` (a path with a query) with one query parameter replaced. */
const withParam = (url: string, name: string, value: string) => {
  const u = new URL(url, 'http://varco.test')
  u.searchParams.set(name, value)
  return `${u.pathname}${u.search}`
}
const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1)

export function runCapabilityLinkContract({
  name,
  make,
  overHttp = false,
}: {
  readonly name: string
  readonly make: () => Promise<RouteHarness | ContractHarness>
  /** A server over HTTP: the case that needs the in-process clock is skipped. */
  readonly overHttp?: boolean
}) {
  describe(`capability links (${name})`, () => {
    let h: ContractHarness
    let op: { key: string; token: string }
    let payment: Json
    beforeEach(async () => {
      h = asContractHarness(await make())
      const t = await h.tenant('Comune di Bugliano')
      op = { key: t.key, token: await h.token(t.id, 'operator') }
      const svc = await h.call('POST', '/services', {
        key: t.key,
        token: await h.token(t.id),
        body: { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' },
      })
      const r = await h.call('POST', '/payments', { ...op, body: creationEvent(t.id, svc.json['id'] as string) })
      expect(r.status).toBe(201)
      payment = r.json['payment'] as Json
    })

    const reads = async () => {
      const m = /oc_payment_provider_latency_count\{[^}]*intermediary="pagopa",operation="read"[^}]*\} (\d+)/.exec(
        (await h.call('GET', '/metrics')).text,
      )
      return Number(m?.[1] ?? 0)
    }
    /** The payment's row as stored: a refused link must leave it byte for byte. */
    const row = async () => columnsOf(await h.db.first({ sql: 'SELECT * FROM payments WHERE id = ?', args: [payment['id']] }))
    /** `/update` asks the intermediary again: at once over HTTP (interval 0), after the interval in-process. */
    const nextInterval = () => h.local?.clock.advance(h.local.deps.config.VARCO_UPDATE_MIN_INTERVAL_MS)
    const expectRefused = (r: Awaited<ReturnType<ContractHarness['call']>>, detail?: string) => {
      expect(r.status).toBe(401)
      expect(r.res.headers.get('content-type')).toBe('application/problem+json')
      expect(r.json).toMatchObject({ type: 'urn:varco:problem:auth.invalid_link', status: 401, code: 'auth.invalid_link' })
      if (detail) expect(r.json['detail']).toContain(detail)
    }

    it('lets the poller call links.update.url as given, with no credentials, and follow the payment to its receipt', async () => {
      const update = pathOf(payment['links']['update']['url'])
      const first = await h.call('GET', update)
      expect(first.status).toBe(200)
      expect(first.json).toMatchObject({ id: payment['id'], status: 'PAYMENT_PENDING' })
      expectDeclared(updateRoute, 200, first.json)

      await h.request(`/sandbox/pagopa/notices/${payment['payment']['notice_code']}/pay`, { method: 'POST' })
      nextInterval()
      const paid = (await h.call('GET', update)).json as Json
      expect(paid).toMatchObject({ status: 'COMPLETE' })
      expect(paid['links']['update']['url']).toBe(payment['links']['update']['url'])
      expect(paid['links']['receipt']['url']).toMatch(signedUrl(`${h.base}/receipt/${payment['id']}`))
      const receipt = await h.request(pathOf(paid['links']['receipt']['url']))
      expect(receipt.status).toBe(200)
      expect(receipt.headers.get('content-type')).toBe('application/pdf')
    })

    it('refuses unsigned, tampered, foreign and unknown-key links with 401 problem+json, and changes nothing', async () => {
      const other = crypto.randomUUID()
      const links = {
        update: pathOf(payment['links']['update']['url']),
        notice: pathOf(payment['links']['offline_payment']['url']),
        'online-payment': pathOf(payment['links']['online_payment_begin']['url']),
        receipt: await linkTo(h.linkSigner, 'receipt', payment['id']),
        landing: await linkTo(h.linkSigner, 'landing', payment['id']),
      }
      const before = await row()
      const readsBefore = await reads()
      for (const [kind, link] of Object.entries(links)) {
        const q = new URL(link, 'http://varco.test').searchParams
        expectRefused(await h.call('GET', `/${kind}/${payment['id']}`), 'needs its signature')
        expectRefused(await h.call('GET', withParam(link, 'sig', flip(q.get('sig') as string))), 'does not match')
        expectRefused(await h.call('GET', withParam(link, 'exp', String(Number(q.get('exp')) + 1))), 'does not match')
        expectRefused(await h.call('GET', withParam(link, 'kid', 'retired')), 'no longer accepted')
        expectRefused(await h.call('GET', withParam(link, 'exp', 'soon')), 'malformed')
        expectRefused(await h.call('GET', link.replace(payment['id'], other)), 'does not match')
      }
      // The notice link opens its alias, and nothing else.
      expectRefused(await h.call('GET', links.notice.replace('/notice/', '/receipt/')), 'does not match')
      expect((await h.request(links.notice.replace('/notice/', '/offline-payment/'))).status).toBe(200)
      expect(await row()).toEqual(before)
      expect(await reads()).toBe(readsBefore)
    }, 60_000)

    it('refuses a link after its expiry, and opens it up to its last second', async () => {
      const local = h.local
      if (!local) {
        // A server's clock cannot move: a link whose last second is already over, and one valid for an hour.
        const now = unixSeconds(new Date(await gatewayNow(h)))
        for (const kind of ['update', 'notice'] as const) {
          expectRefused(await h.call('GET', await linkTo(h.linkSigner, kind, payment['id'], now - 1)), 'expired')
          expect((await h.call('GET', await linkTo(h.linkSigner, kind, payment['id'], now + 3600))).status).toBe(200)
        }
        return
      }
      const exp = unixSeconds(local.clock()) + 60
      for (const kind of ['update', 'notice'] as const) {
        const link = await linkTo(h.linkSigner, kind, payment['id'], exp)
        local.clock.set(new Date(exp * 1000 + 999).toISOString())
        expect((await h.call('GET', link)).status).toBe(200)
        local.clock.set(new Date((exp + 1) * 1000).toISOString())
        expectRefused(await h.call('GET', link), 'expired')
        local.clock.set(new Date((exp - 60) * 1000).toISOString())
      }
    })

    it('still opens /update with X-API-Key and a JWT and no signature; bad credentials are not rescued by a link', async () => {
      const r = await h.call('GET', `/update/${payment['id']}`, op)
      expect(r.status).toBe(200)
      expect(r.json).toMatchObject({ id: payment['id'] })
      const withLinkButBadKey = await h.call('GET', pathOf(payment['links']['update']['url']), {
        key: `vk_0123456789ab_${'x'.repeat(43)}`,
        token: op.token,
      })
      expect(withLinkButBadKey.status).toBe(401)
      expect(withLinkButBadKey.json).toMatchObject({ code: 'auth.invalid_api_key' })
    })

    // On Node the embedded database answers synchronously, so the calls barely overlap; inside workerd
    // (sqld over http) they do, and test/core/update-payment.test.ts races them with a slow intermediary.
    // Over HTTP the server's interval is 0 (what the route contract needs) and its clock cannot move: in-process only.
    it.skipIf(overHttp)('asks the intermediary at most once per interval, also for concurrent calls', async () => {
      const local = h.local
      if (!local) throw new Error('this case needs the in-process harness')
      const interval = local.deps.config.VARCO_UPDATE_MIN_INTERVAL_MS
      const update = pathOf(payment['links']['update']['url'])
      const start = await reads()
      // The creation a moment ago was a check: within the interval the stored state is the answer.
      expect((await h.call('GET', update)).status).toBe(200)
      expect(await reads()).toBe(start)
      local.clock.advance(interval)
      const answers = await Promise.all(Array.from({ length: 6 }, () => h.call('GET', update)))
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200))
      expect(await reads()).toBe(start + 1)
      local.clock.advance(interval - 1)
      await h.call('GET', `/update/${payment['id']}`, op)
      expect(await reads()).toBe(start + 1)
      local.clock.advance(1)
      await h.call('GET', `/update/${payment['id']}`, op)
      expect(await reads()).toBe(start + 2)
    })
  })
}
