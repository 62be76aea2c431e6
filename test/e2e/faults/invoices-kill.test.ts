/**
 * SIGKILL in the invoice flows (issue 16 point 2), on `npm start` with an embedded libSQL file and the
 * OpenAPI.it SDI simulator served from the test process (fault-host.ts). Two numbers, two promises:
 * - the ProgressivoInvio (ports/invoice-sequence.port.ts) only names the file: never reused, gaps allowed
 *   (a number taken by a request that died before answering is skipped; SDI needs file names unique, 00002);
 * - the invoice Numero of Agile billing (ports/billing-repo.port.ts assignInvoiceNumber) is the legal yearly
 *   sequence: taken in the same transaction that stamps a paid package, so it is gapless and never shared.
 * And the SDI send: a file whose answer was lost to the kill reaches SDI once (found by lookup, not resent).
 * @module
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseProgressivo } from '../../../core/fatturapa/file-name.ts'
import { openLocalDb } from '../../../edge/local/db.ts'
import { GENERA_EXAMPLE } from '../../../openapi/fatturapa.ts'
import { type CrashGateway, crashGateway } from './crash-gateway.ts'
import { type FaultHost, sdiHostEnv, startFaultHost } from './fault-host.ts'
import { billingSetup, burstThenKill, type Json } from './invoice-fixtures.ts'

const AHEAD_MS = 5 * 60_000 // past the SDI in-flight grace (2 min)

let host: FaultHost
let gw: CrashGateway
let as: { key: string; token: string }

beforeAll(async () => {
  host = await startFaultHost()
  gw = crashGateway(sdiHostEnv(host))
  await gw.start()
  const t = await gw.tenant('Comune di Bugliano')
  as = { key: t.key, token: await gw.h().token(t.id, 'operator') }
}, 60_000)

afterAll(async () => {
  await gw?.close()
  await host?.close()
}, 30_000)

const genera = (numero: string) => gw.h().call('POST', '/fatturapa/genera', { ...as, body: { ...GENERA_EXAMPLE, numero } })

async function lastProgressivo(): Promise<number> {
  const db = openLocalDb(gw.dbUrl)
  try {
    const row = await db.first({ sql: 'SELECT last_value FROM invoice_sequences WHERE transmitter = ?', args: ['IT07776161213'] })
    return Number(row?.['last_value'] ?? 0)
  } finally {
    db.close()
  }
}

describe('SIGKILL mid-invoice numbering and mid-upload to SDI (node, embedded libSQL)', () => {
  it('ProgressivoInvio, killed mid-burst: no number reused; the gaps are the requests that never answered', async () => {
    const N = 24
    const answers = await burstThenKill(gw, N, N / 4, (i) => genera(`FT-K-${i}`))
    const acked = answers.filter((r) => r !== null).map((r) => parseProgressivo(String(r.json['progressivo_invio'])) ?? -1)
    expect(answers.every((r) => r === null || r.status === 200)).toBe(true)
    expect(new Set(acked).size, 'two answers with one ProgressivoInvio').toBe(acked.length)
    const taken = await lastProgressivo()
    expect(Math.min(...acked)).toBeGreaterThanOrEqual(1)
    expect(Math.max(...acked)).toBeLessThanOrEqual(taken)
    // Every number up to the last one taken is either answered or skipped; a skipped one is a request that died.
    const skipped = taken - acked.length
    expect(skipped).toBeGreaterThanOrEqual(0)
    expect(skipped).toBeLessThanOrEqual(N - acked.length)

    await gw.start()
    const after: number[] = []
    for (let i = 0; i < 3; i++) {
      const r = await genera(`FT-R-${i}`)
      expect(r.status, r.text).toBe(200)
      after.push(parseProgressivo(String(r.json['progressivo_invio'])) ?? -1)
    }
    expect(after, 'numbering goes on after the last number taken, not after the last answered').toEqual([taken + 1, taken + 2, taken + 3])
  }, 90_000)

  it('billing invoice Numero, killed mid-burst of transfers: every paid package numbered once, 1..n with no gap', async () => {
    const b = await billingSetup(gw, ['Cliente Uno', 'Cliente Due'])
    const targets = b.customers.flatMap((t) => [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({ t, n })))
    const answers = await burstThenKill(gw, targets.length, 2, (i) => b.transfer(targets[i] as (typeof targets)[number]))
    expect(answers.every((r) => r === null || r.status === 200)).toBe(true)
    const ackedPaid = targets.filter((_, i) => answers[i] !== null)

    await gw.start()
    for (const x of ackedPaid) expect((await b.pkg(x.t, x.n))['status'], 'acknowledged transfer').toBe('paid')
    const numbers = async () => {
      const all = await Promise.all(targets.map((x) => b.pkg(x.t, x.n)))
      return all.map((p) => p['fattura_numero'] as string | null)
    }
    // A kill between "paid" and "numbered" leaves a paid package without a number: the reconciler finishes it.
    await gw.runCron(AHEAD_MS)
    const paidNow = await Promise.all(targets.map((x) => b.pkg(x.t, x.n)))
    expect(paidNow.every((p) => p['status'] !== 'paid' || (p['fattura_numero'] !== null && p['invoice_state'] === 'issued'))).toBe(true)
    expectGapless((await numbers()).filter((n): n is string => n !== null))

    // The operator records again the transfers that were not acknowledged: paid once, or 409 "paid already".
    for (const [i, x] of targets.entries()) if (answers[i] === null) expect([200, 409]).toContain((await b.transfer(x)).status)
    await gw.runCron(AHEAD_MS)
    const final = await Promise.all(targets.map((x) => b.pkg(x.t, x.n)))
    expect(final.every((p) => p['status'] === 'paid' && p['invoice_state'] === 'issued')).toBe(true)
    const all = await numbers()
    expectGapless(all as string[])
    expect(all).toHaveLength(targets.length)
  }, 120_000)

  it('SDI send whose answer is lost to the kill: found by lookup after restart, at SDI once, then delivered', async () => {
    const g = await genera('FT-SDI-1')
    expect(g.status, g.text).toBe(200)
    const body = { fattura_numero: 'FT-SDI-1', xml_base64: g.json['xml_base64'] }
    const fileName = String(g.json['file_name'])
    const sends = host.hold({ method: 'POST', path: /\/invoices$/, when: 'after' })
    const answer = gw
      .h()
      .call('POST', '/sdi/trasmetti', { ...as, body })
      .catch(() => null)
    await sends.reached(1)
    await gw.kill()
    expect(await answer).toBeNull()
    sends.release()
    const atSdi = () => host.sdi.invoices().filter((i) => i.fileName === fileName)
    expect(atSdi()).toHaveLength(1)

    await gw.start()
    const list = await gw.h().call('GET', '/sdi?fattura_numero=FT-SDI-1', as)
    const rows = (list.json['data'] ?? list.json['items']) as Json[]
    expect(rows, list.text).toHaveLength(1)
    const id = String(rows[0]?.['sdi_id'])
    expect(rows[0]?.['stato']).toBe('in_invio')
    // The sender retries: the same file is the same transmission, not a second send.
    const again = await gw.h().call('POST', '/sdi/trasmetti', { ...as, body })
    expect([200, 201, 202], again.text).toContain(again.status)
    expect(JSON.stringify(again.json)).toContain(id)
    await gw.runCron(AHEAD_MS)
    const read = async () => (await gw.h().call('GET', `/sdi/${id}`, as)).json as Json
    expect(await read()).toMatchObject({ stato: 'inviata', remote_id: atSdi()[0]?.uuid })
    expect((await host.sdi.notify(atSdi()[0]?.uuid ?? '', 'RC')).ok).toBe(true)
    await gw.runCron(AHEAD_MS + 60 * 60_000)
    expect(await read()).toMatchObject({ stato: 'RC', finale: true })
    expect(atSdi(), 'sent to SDI exactly once').toHaveLength(1)
  }, 90_000)
})

/** `FT-<year>-<counter>-<package>`: the counters are exactly 1..n, each once. */
function expectGapless(numeri: readonly string[]) {
  const counters = numeri.map((n) => Number(/^FT-\d{4}-(\d{4})-\d{2}$/.exec(n)?.[1] ?? Number.NaN)).sort((a, b) => a - b)
  expect(counters, numeri.join(', ')).toEqual(Array.from({ length: numeri.length }, (_, i) => i + 1))
}
