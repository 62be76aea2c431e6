/**
 * RTD Centro Stella through the real app, runtime-neutral: Node (embedded libSQL, local disk) in
 * test/edge/rtd.test.ts and inside workerd (sqld, files in memory) in test/workerd/rtd-routes.test.ts; openpgp and
 * the pagoPA simulator in-process. Upload → process job (aggregate, encrypt, upload each name once) → reconcile job (file report, ADEACK
 * download, store, confirm) → done; faults at the simulator (a failed upload retried, a lost answer found as 409);
 * rejected inputs; the skip limit's side file; settings; and every bad input answered with a 4xx that writes nothing.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { followTenant } from '../../core/rtd/follow.ts'
import { processSubmission } from '../../core/rtd/process.ts'
import type { RtdDisk } from '../../edge/deps/rtd.ts'
import type { AckRow, RtdFault } from '../../sandbox/rtd/index.ts'
import { row } from '../core/rtd-gen.ts'
import { makeHarness } from './route-harness.ts'

// biome-ignore lint/suspicious/noExplicitAny: tests read deep fields of untyped JSON bodies.
type Json = Record<string, any>

const SIM = '/sandbox/rtd'

export type RtdRouteEnv = { readonly dbUrl: string; readonly disk: () => RtdDisk }

export function runRtdRouteContract(name: string, where: RtdRouteEnv) {
  async function setup(env: Record<string, string> = {}) {
    const h = await makeHarness({
      dbUrl: where.dbUrl,
      env: { RTD_PROCESS_ON_UPLOAD: 'false', ...env },
      over: { rtdDisk: where.disk() },
    })
    const t = await h.tenant()
    const as = async (role: 'admin' | 'operator' | 'viewer' = 'operator') => ({ key: t.key, token: await h.token(t.id, role) })
    const control = async (method: string, path: string, body?: unknown) => {
      const res = await h.app.request(`${SIM}/_control${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      })
      return { status: res.status, json: (await res.json()) as Json }
    }
    const sim = {
      fault: (f: RtdFault) => control('POST', '/faults', f),
      state: async () =>
        (await control('GET', '/state')).json as { stored: number; sasIssued: number; puts: Json[]; files: Json[]; acks: Json[] },
      adeAnswer: (name: string, rows: AckRow[]) => control('POST', `/files/${name}/ade-answer`, { rows }),
    }
    const upload = async (name: string, body: string, opts: { role?: 'operator' | 'viewer'; type?: string; key?: string } = {}) => {
      const auth = await as(opts.role ?? 'operator')
      const res = await h.app.request(`/rtd/submissions?file_name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'x-api-key': opts.key ?? auth.key, authorization: `Bearer ${auth.token}`, 'content-type': opts.type ?? 'text/csv' },
        body,
      })
      return { status: res.status, json: (await res.json()) as Json }
    }
    const get = async (path: string, role: 'admin' | 'operator' | 'viewer' = 'viewer') => {
      const r = await h.call('GET', path, await as(role))
      return { status: r.status, json: r.json as Json, text: r.text }
    }
    // The jobs claim and follow every tenant's work; on a shared database (workerd) other suites' rows would join
    // in, so the contract drives this tenant's submissions through the jobs' own steps (test/edge/rtd.test.ts runs
    // the jobs themselves).
    const tally = (list: readonly string[]) => {
      const counts: Record<string, number> = { failed: 0, processed: 0, rejected: 0, uploaded: 0, already_there: 0 }
      for (const c of list) counts[c] = (counts[c] ?? 0) + 1
      return { counts }
    }
    const process = async () => {
      const out: string[] = []
      const repo = h.deps.rtd.repo
      const todo = [
        ...(await repo.list(t.id, { state: 'received', limit: 100 })).items,
        ...(await repo.list(t.id, { state: 'ready', limit: 100 })).items,
      ]
      for (const sub of todo) out.push('claimed', ...(await processSubmission(h.deps.rtd, sub)))
      return tally(out)
    }
    const reconcile = async () => tally(await followTenant(h.deps.rtd, t.id))
    return { h, t, as, sim, upload, get, process, reconcile }
  }

  const NAME = 'CSTAR.12345.TRNLOG.20261206.090000.001.csv'
  /** Two aggregates: M1/T1 (2 rows) and M2/T1 (1 reversal). */
  const BODY = ['# a comment', row(), row({ amount: '100' }), row({ merchant: 'M2', op: '01', amount: '500' })].join('\n')

  describe(`RTD API (${name})`, () => {
    it('uploads, aggregates, encrypts, sends once, follows the report and fetches, stores and confirms the ADEACK', async () => {
      const s = await setup()
      const up = await s.upload(NAME, BODY)
      expect(up.status, JSON.stringify(up.json)).toBe(202)
      expect(up.json).toMatchObject({ success: true, state: 'received', input_name: NAME, sender_code: '12345', input_size: BODY.length })
      const id = up.json['id'] as string

      const run = await s.process()
      expect(run.counts).toMatchObject({ claimed: 1, processed: 1, uploaded: 1, failed: 0 })
      const sent = await s.get(`/rtd/submissions/${id}`)
      expect(sent.json).toMatchObject({ state: 'sent', rows_read: 3, rejected_rows: 0, aggregates: 2 })
      expect(sent.json['files']).toMatchObject([
        { number: 1, file_name: 'ADE.12345.TRNLOG.20261206.090000.001.01.csv.pgp', rows: 2, upload: 'uploaded', status: null },
      ])
      const st = await s.sim.state()
      expect(st.stored).toBe(1)
      // pagoPA's side decrypted it with its key and read the checksum line: our sha256 of the input.
      expect(st.files).toMatchObject([{ name: 'ADE.12345.TRNLOG.20261206.090000.001.01.csv.pgp', status: 'VALIDATED_BY_PAGOPA', rows: 2 }])

      await s.reconcile()
      const validated = await s.get(`/rtd/submissions/${id}`)
      expect(validated.json['files'][0]).toMatchObject({
        status: 'validated',
        summary: {
          positive_count: 2,
          positive_sum_cents: 1350,
          negative_count: 1,
          negative_sum_cents: 500,
          origin_sha256: `#sha256sum:${up.json['input_sha256']}`.slice(11),
        },
      })

      const answer = await s.sim.adeAnswer('ADE.12345.TRNLOG.20261206.090000.001.01.csv.pgp', [
        { merchantId: 'M2', terminalId: 'T1', fiscalCode: '00000000001', acquirerId: '12345', outcome: 1, errors: ['1206'] },
      ])
      expect(answer.status).toBe(200)
      const followed = await s.reconcile()
      expect(followed.counts).toMatchObject({ acks_stored: 1, acks_confirmed: 1, failed: 0 })
      const done = await s.get(`/rtd/submissions/${id}`)
      expect(done.json).toMatchObject({ state: 'done' })
      expect(done.json['files'][0]).toMatchObject({ status: 'ack_downloaded' })
      const acks = await s.get('/rtd/acks')
      expect(acks.json['data']).toMatchObject([{ rows: 1, errors: 1, warnings: 0 }])
      expect(acks.json['data'][0]['confirmed_at']).not.toBeNull()
      const ack = await s.get(acks.json['data'][0]['url'])
      expect(ack.text).toBe('M2;T1;00000000001;12345;1;1206\n')
      expect((await s.sim.state()).acks).toMatchObject([{ confirmed: true }])

      // Nothing more happens: no second upload, no second download.
      await s.process()
      await s.reconcile()
      expect((await s.sim.state()).puts).toHaveLength(1)
      expect((await s.get('/rtd/acks')).json['data']).toHaveLength(1)
    })

    it('retries a failed upload with a new SAS, and takes a 409 after a lost answer as done: one blob, never two', async () => {
      const s = await setup()
      await s.sim.fault({ op: 'upload', kind: 'fail', status: 503 })
      const a = await s.upload(NAME, BODY)
      await s.process()
      const first = await s.get(`/rtd/submissions/${a.json['id']}`)
      expect(first.json['files'][0]).toMatchObject({ upload: 'uploaded' })
      // The 503 came before the blob store: two attempts, each with its own SAS, one PUT that reached it.
      expect(first.json['files'][0]).toMatchObject({ attempts: 2, last_error: null })
      const st = await s.sim.state()
      expect(st).toMatchObject({ sasIssued: 2, stored: 1 })

      await s.sim.fault({ op: 'upload', kind: 'drop' })
      const b = await s.upload(NAME.replace('.001.csv', '.002.csv'), BODY)
      await s.process()
      const second = await s.get(`/rtd/submissions/${b.json['id']}`)
      expect(second.json).toMatchObject({ state: 'sent' })
      expect(second.json['files'][0]).toMatchObject({ upload: 'already_there' })
      expect((await s.sim.state()).stored).toBe(2)
    })

    it('a lost answer on every attempt leaves the file unknown, and the next run finds it already there', async () => {
      const s = await setup()
      await s.sim.fault({ op: 'upload', kind: 'drop', count: 3 })
      const a = await s.upload(NAME, BODY)
      await s.process()
      const unknown = await s.get(`/rtd/submissions/${a.json['id']}`)
      expect(unknown.json).toMatchObject({ state: 'ready' })
      expect(unknown.json['files'][0]).toMatchObject({ upload: 'unknown' })
      await s.process()
      const sent = await s.get(`/rtd/submissions/${a.json['id']}`)
      expect(sent.json).toMatchObject({ state: 'sent' })
      expect(sent.json['files'][0]).toMatchObject({ upload: 'already_there' })
      expect((await s.sim.state()).stored).toBe(1)
    })

    it('rejects an input with a bad row, naming line and column; nothing is uploaded', async () => {
      const s = await setup()
      const a = await s.upload(NAME, [row(), row({ amount: '12,50' })].join('\n'))
      const run = await s.process()
      expect(run.counts).toMatchObject({ rejected: 1, uploaded: 0 })
      const r = await s.get(`/rtd/submissions/${a.json['id']}`)
      expect(r.json).toMatchObject({
        state: 'rejected',
        rejection: { code: 'rtd.skip_limit_exceeded', line: 2, column: 9, field: 'total_amount' },
      })
      expect(r.json['files']).toEqual([])
      expect((await s.sim.state()).puts).toHaveLength(0)
    })

    it('with a skip limit in the settings, sends the good rows and serves the rejected ones to operators', async () => {
      const s = await setup()
      const put = await s.h.call('PUT', '/rtd/settings', { ...(await s.as('admin')), body: { sender_codes: ['12345'], skip_limit: 1 } })
      expect(put.status, put.text).toBe(200)
      const a = await s.upload(NAME, [row(), row({ pan: '' }), row()].join('\n'))
      await s.process()
      const r = await s.get(`/rtd/submissions/${a.json['id']}`)
      expect(r.json).toMatchObject({ state: 'sent', rows_read: 3, rejected_rows: 1, aggregates: 1 })
      expect(r.json['rejected_rows_url']).toBe(`/rtd/submissions/${a.json['id']}/rejected`)
      expect((await s.get(r.json['rejected_rows_url'], 'viewer')).status).toBe(403)
      const side = await s.get(r.json['rejected_rows_url'], 'operator')
      expect(side.text.split('\n')[1]).toMatch(/^2;4;pan;/)
    })

    it('settings: write-only sealed key, sender codes enforced on upload, admin only', async () => {
      const s = await setup()
      expect((await s.get('/rtd/settings', 'admin')).json).toMatchObject({ sender_codes: [], subscription_key_set: false })
      expect((await s.get('/rtd/settings', 'operator')).status).toBe(403)
      const body = {
        sender_codes: ['STPAY'],
        environment: 'uat',
        subscription_key: 'sandbox-rtd-key',
        abi_to_fiscal_code: { STPAY: 'LU30726739' },
      }
      const put = await s.h.call('PUT', '/rtd/settings', { ...(await s.as('admin')), body })
      expect(put.status, put.text).toBe(200)
      expect(put.text).not.toContain('sandbox-rtd-key')
      expect(put.json).toMatchObject({ sender_codes: ['STPAY'], environment: 'uat', subscription_key_set: true })
      const stored = await s.h.deps.rtd.repo.settings(s.t.id)
      expect(stored?.subscriptionKeySealed).not.toContain('sandbox-rtd-key')
      const wrong = await s.upload(NAME, BODY)
      expect(wrong.status).toBe(400)
      expect(wrong.json['error']).toContain('sender code 12345')
      const bad = await s.h.call('PUT', '/rtd/settings', { ...(await s.as('admin')), body: { sender_codes: ['toolong'] } })
      expect(bad.status).toBe(400)
      // A PUT without the key keeps the stored one.
      await s.h.call('PUT', '/rtd/settings', { ...(await s.as('admin')), body: { sender_codes: ['STPAY'] } })
      expect((await s.h.deps.rtd.repo.settings(s.t.id))?.subscriptionKeySealed).toBe(stored?.subscriptionKeySealed)
    })

    it('bad inputs get a 4xx and write nothing', async () => {
      const s = await setup({ RTD_MAX_INPUT_BYTES: '2048' })
      const cases: Array<[string, Awaited<ReturnType<typeof s.upload>>, number]> = [
        ['bad name', await s.upload('CSTAR.12345.TRNLOG.2026.csv', BODY), 400],
        ['path in the name', await s.upload('../CSTAR.12345.TRNLOG.20261206.090000.001.csv', BODY), 400],
        ['empty body', await s.upload(NAME, ''), 400],
        ['not csv', await s.upload(NAME, BODY, { type: 'application/json' }), 415],
        ['too large', await s.upload(NAME, BODY.repeat(20)), 413],
        ['viewer', await s.upload(NAME, BODY, { role: 'viewer' }), 403],
        ['bad key', await s.upload(NAME, BODY, { key: 'vk_nope' }), 401],
      ]
      for (const [what, r, status] of cases) {
        expect(r.status, what).toBe(status)
        expect(r.json['success'], what).toBe(false)
      }
      expect((await s.get('/rtd/submissions')).json['data']).toEqual([])
      const ok = await s.upload(NAME, BODY)
      expect(ok.status).toBe(202)
      const dup = await s.upload(NAME, BODY)
      expect(dup.status).toBe(409)
      expect((await s.get('/rtd/submissions')).json['data']).toHaveLength(1)
      expect((await s.get('/rtd/submissions/rtd_nope')).status).toBe(400)
      expect((await s.get(`/rtd/submissions/rtd_${'0'.repeat(32)}`)).status).toBe(404)
      expect((await s.get('/rtd/submissions?state=bogus')).status).toBe(400)
      expect((await s.get('/rtd/acks/..%2Fetc%2Fpasswd')).status).toBe(400)
    })

    it("keeps tenants apart: another tenant's submission is 404 and its list is empty", async () => {
      const s = await setup()
      const a = await s.upload(NAME, BODY)
      const other = await s.h.tenant('Comune di Altrove')
      const auth = { key: other.key, token: await s.h.token(other.id, 'viewer') }
      expect((await s.h.call('GET', `/rtd/submissions/${a.json['id']}`, auth)).status).toBe(404)
      expect(((await s.h.call('GET', '/rtd/submissions', auth)).json as Json)['data']).toEqual([])
      // The same name is free for another tenant.
      const res = await s.h.app.request(`/rtd/submissions?file_name=${NAME}`, {
        method: 'POST',
        headers: { 'x-api-key': other.key, authorization: `Bearer ${await s.h.token(other.id, 'operator')}`, 'content-type': 'text/csv' },
        body: BODY,
      })
      expect(res.status).toBe(202)
    })

    it('lists newest first with a state filter and a cursor', async () => {
      const s = await setup()
      for (const n of ['001', '002', '003']) {
        s.h.clock.advance(1000)
        await s.upload(NAME.replace('.001.csv', `.${n}.csv`), BODY)
      }
      const page = await s.get('/rtd/submissions?limit=2')
      expect(page.json['data'].map((x: Json) => x['input_name'].slice(-7))).toEqual(['003.csv', '002.csv'])
      const next = await s.get(`/rtd/submissions?limit=2&cursor=${encodeURIComponent(page.json['next_cursor'])}`)
      expect(next.json['data'].map((x: Json) => x['input_name'].slice(-7))).toEqual(['001.csv'])
      expect((await s.get('/rtd/submissions?state=sent')).json['data']).toEqual([])
    })

    it(`the simulator is mounted at ${SIM} and the OpenAPI document lists the RTD routes`, async () => {
      const s = await setup()
      const doc = (await (await s.h.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> }
      for (const p of [
        '/rtd/submissions',
        '/rtd/submissions/{id}',
        '/rtd/submissions/{id}/rejected',
        '/rtd/acks',
        '/rtd/acks/{file_name}',
        '/rtd/settings',
      ])
        expect(Object.keys(doc.paths)).toContain(p)
      expect(await (await s.h.app.request(`${SIM}/_control/state`)).json()).toMatchObject({ stored: 0 })
    })
  })
}
