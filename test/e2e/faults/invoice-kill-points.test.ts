/**
 * SIGKILL at a chosen step of billing invoicing (issue 16 point 2), with the test-only VARCO_FAULT_POINT
 * (ports/fault-point.port.ts; refused in production): `npm start` kills itself exactly
 * - `invoice.after-number-reserved`: the legal Numero and the ProgressivoInvio are taken, the invoice is not written;
 * - `invoice.before-sdi-send`: the invoice is written, it is not sent to SDI.
 * Restarted without the hook, the reconciler finishes the package: its Numero is the one reserved (never reused
 * by the next package, none skipped), the file reaches SDI once, and a ProgressivoInvio is never used twice (a
 * reserved one whose file was never written is skipped, by design: it only names the file).
 * @module
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseProgressivo } from '../../../core/fatturapa/file-name.ts'
import { openLocalDb } from '../../../edge/local/db.ts'
import { type CrashGateway, crashGateway } from './crash-gateway.ts'
import { type FaultHost, sdiHostEnv, startFaultHost } from './fault-host.ts'
import { billingSetup } from './invoice-fixtures.ts'

const AHEAD_MS = 5 * 60_000 // past the SDI in-flight grace (2 min)

let host: FaultHost
let gw: CrashGateway
let b: Awaited<ReturnType<typeof billingSetup>>

beforeAll(async () => {
  host = await startFaultHost()
  gw = crashGateway(sdiHostEnv(host))
  await gw.start()
  b = await billingSetup(gw, ['Cliente Uno'], true)
}, 60_000)

afterAll(async () => {
  await gw?.close()
  await host?.close()
}, 30_000)

type Pkg = { numero: string | null; xml: boolean; file: string | null; sdi: string | null }
/** Package `n` of the customer as stored, and the last ProgressivoInvio given out. */
async function stored(n: number): Promise<Pkg & { progressivo: number }> {
  const db = openLocalDb(gw.dbUrl)
  try {
    const row = await db.first({
      sql: 'SELECT fattura_numero, fattura_xml, fattura_file_name, sdi_id FROM billing_packages WHERE tenant_id = ? AND number = ?',
      args: [b.customers[0]?.id as string, n],
    })
    const seq = await db.first('SELECT MAX(last_value) AS last FROM invoice_sequences')
    return {
      numero: (row?.['fattura_numero'] as string | null) ?? null,
      xml: row?.['fattura_xml'] != null,
      file: (row?.['fattura_file_name'] as string | null) ?? null,
      sdi: (row?.['sdi_id'] as string | null) ?? null,
      progressivo: Number(seq?.['last'] ?? 0),
    }
  } finally {
    db.close()
  }
}
const transfer = (n: number) => b.transfer({ t: b.customers[0] as { id: string; key: string }, n }).catch(() => null)
const atSdi = () => host.sdi.invoices().map((i) => i.fileName)
const counter = (numero: string | null) => Number(/^FT-\d{4}-(\d{4})-\d{2}$/.exec(numero ?? '')?.[1] ?? Number.NaN)

describe('SIGKILL at a chosen step of billing invoicing (node, embedded libSQL, VARCO_FAULT_POINT)', () => {
  it('between reserving the numbers and writing the invoice, then between writing it and the SDI send', async () => {
    // 1. Killed with the Numero and the ProgressivoInvio taken, nothing written.
    await gw.start({ VARCO_FAULT_POINT: 'invoice.after-number-reserved' })
    expect(await transfer(1), 'the process died before answering').toBeNull()
    const cut = await stored(1)
    expect(cut).toMatchObject({ xml: false, file: null, sdi: null })
    expect(counter(cut.numero)).toBe(1)
    expect(cut.progressivo).toBe(1)
    expect(atSdi()).toEqual([])

    // 2. Killed with the invoice written, before its SDI send (package 2, paid on a restarted gateway).
    await gw.start({ VARCO_FAULT_POINT: 'invoice.before-sdi-send' })
    expect(await transfer(2)).toBeNull()
    const unsent = await stored(2)
    expect(unsent).toMatchObject({ xml: true, sdi: null })
    expect(counter(unsent.numero), 'the next package does not reuse the reserved Numero').toBe(2)
    expect(atSdi()).toEqual([])

    // 3. Restarted without the hook: a new package goes all the way; the reconciler finishes the two cut ones.
    await gw.start()
    const third = await transfer(3)
    expect(third?.status, third?.text).toBe(200)
    await gw.runCron(AHEAD_MS)
    await gw.runCron(AHEAD_MS)
    const pkgs = [await stored(1), await stored(2), await stored(3)]
    expect(
      pkgs.map((p) => counter(p.numero)),
      'Numero 1..3, none skipped or reused',
    ).toEqual([1, 2, 3])
    expect(pkgs[1]?.file, 'the written invoice is the one sent').toBe(unsent.file)
    expect(pkgs.every((p) => p.xml && p.sdi !== null)).toBe(true)
    const files = atSdi()
    expect(files.sort(), 'each invoice at SDI exactly once').toEqual(pkgs.map((p) => p.file).sort())
    expect(new Set(files).size).toBe(3)
    // The ProgressivoInvio reserved in step 1 named no file and is skipped; none is used twice.
    const progressivi = files.map((f) => parseProgressivo(/_(\w{1,5})\.xml$/.exec(f)?.[1] ?? ''))
    expect(new Set(progressivi).size).toBe(3)
    expect(progressivi).not.toContain(cut.progressivo)
  }, 60_000)
})
