/**
 * sqld killed and restarted under the gateway (issue 16 point 2): `npm start` on a remote libSQL URL
 * pointing at a real sqld (test/setup/sqld.ts). A burst of writes is cut by SIGKILL to sqld; while it is
 * down, reads and writes answer a clean 503 problem+json (never a 500, never a hang); once sqld is back
 * on the same data directory and port, requests work again and every write that was acknowledged is there.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, startSqld } from '../../setup/sqld.ts'
import { type CrashGateway, crashGateway } from './crash-gateway.ts'
import type { Answer } from './invoice-fixtures.ts'

const SERVICE = { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' }

const dir = mkdtempSync(join(tmpdir(), 'varco-sqld-restart-'))
let port = 0
let sqld: Awaited<ReturnType<typeof startSqld>>
let gw: CrashGateway
let as: { key: string; token: string }

beforeAll(async () => {
  port = await freePort()
  sqld = await startSqld({ dir, port })
  gw = crashGateway({ VARCO_DB_URL: sqld.url })
  await gw.start()
  const t = await gw.tenant('Comune di Bugliano')
  as = { key: t.key, token: await gw.h().token(t.id, 'admin') }
}, 60_000)

afterAll(async () => {
  await gw?.close()
  await sqld?.stop()
  rmSync(dir, { recursive: true, force: true })
}, 30_000)

const create = (i: number) =>
  gw.h().call('POST', '/services', { ...as, body: { ...SERVICE, reason: `TARI 2026 #${i}` } }) as Promise<Answer & { res: Response }>

function expectCleanUnavailable(r: Answer & { res: Response }) {
  expect(r.status, r.text).toBe(503)
  expect(r.res.headers.get('content-type')).toContain('application/problem+json')
  expect(r.json).toMatchObject({ status: 503, code: 'unavailable' })
}

describe('sqld killed and restarted under the gateway (node, remote libSQL)', () => {
  it('down: 503 problem+json, no 500 and no hang; back: working, nothing acknowledged lost', async () => {
    // Four writers, each creating services one after another until one is refused; sqld dies under them.
    const KILL_AFTER = 8
    const answers: Array<Answer & { res: Response }> = []
    let enough = () => {}
    const reached = new Promise<void>((r) => {
      enough = r
    })
    const writer = async (w: number) => {
      for (let i = 0; ; i++) {
        const r = await create(w * 1000 + i)
        answers.push(r)
        if (answers.filter((a) => a.status === 201).length >= KILL_AFTER) enough()
        if (r.status !== 201) return
      }
    }
    const writers = Promise.all([0, 1, 2, 3].map(writer))
    await reached
    await sqld.stop('SIGKILL')
    await writers
    // Every request got an answer: created before the kill, or unavailable after it.
    expect(answers.map((r) => r.status).filter((s) => s !== 201 && s !== 503)).toEqual([])
    for (const r of answers.filter((a) => a.status === 503)) expectCleanUnavailable(r)
    const acked = answers.filter((r) => r.status === 201).map((r) => String(r.json['id']))
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER)

    // Down: reads and writes, authenticated or not, answer 503 at once.
    expectCleanUnavailable(await create(-1))
    expectCleanUnavailable(await gw.h().call('GET', `/services/${acked[0]}`, as))
    const status = await gw.h().call('GET', '/status')
    expect(status.status, status.text).toBe(503)

    sqld = await startSqld({ dir, port })
    // The client reconnects on its own: the first requests after the restart may still see the old connection go.
    let back = await create(-2)
    for (let i = 0; back.status === 503 && i < 50; i++) back = await create(-2)
    expect(back.status, back.text).toBe(201)
    for (const id of [...acked, String(back.json['id'])]) {
      const r = await gw.h().call('GET', `/services/${id}`, as)
      expect(r.status, `acknowledged service ${id}`).toBe(200)
    }
  }, 90_000)
})
