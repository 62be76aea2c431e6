/**
 * A test generator like pagoPA cstar-cli's `trx_and_aggr`: it first decides the aggregates (groups), then writes the
 * transactions that make them, so the expected AdE rows come from its own bookkeeping of the groups, not from
 * aggregating rows (nothing from core/rtd is used to compute them). Groups cover reversals (operation type 01),
 * dirty VAT (`###na###`, an empty VAT against a filled one included) and dirty POS type (`99`), fake ABIs that the
 * conversion map turns into fiscal codes, padded fields, and timestamps whose UTC day differs from the written one.
 * The rows are shuffled; comment lines and bad rows (with the line, column and field the aggregator must report)
 * are scattered through the file.
 * @module
 */

import { rng, SENDER } from './rtd-gen.ts'

export type TrxAndAggrOptions = {
  readonly groups: number
  /** Mean transactions per group. */
  readonly avgTrx: number
  readonly seed: number
  readonly transmissionDate: string
  readonly reversalRatio?: number
  readonly dirtyVatRatio?: number
  readonly dirtyPosRatio?: number
  readonly fakeAbiRatio?: number
  readonly comments?: number
  readonly badRows?: number
}

export type ExpectedRejection = {
  readonly line: number
  readonly column: number | null
  readonly field: string | null
  readonly text: string
}

export type TrxAndAggr = {
  /** The file's lines, without terminators. */
  readonly lines: string[]
  /** The AdE rows the file must give (13 columns, sorted), without the checksum line. */
  readonly expected: string[]
  readonly rejections: ExpectedRejection[]
  readonly abiMap: ReadonlyMap<string, string>
  readonly validRows: number
  readonly comments: number
  /** How many groups of each kind were made (to check the file covers them). */
  readonly kinds: { reversals: number; dirtyVat: number; dirtyPos: number; fakeAbi: number; emptyVat: number }
}

export const FAKE_ABIS: ReadonlyMap<string, string> = new Map([
  ['STPAY', 'LU30726739'],
  ['FAKE1', '00000000011'],
  ['FAKE2', '12345678901'],
])

const OFFSETS = ['Z', '+01:00', '+01:30', '-05:00', '-0500', '+00:00']

/** A mutation that makes a row invalid, and the column (1-based) and field it must be reported on. */
const BAD: readonly { column: number | null; field: string | null; spoil: (f: string[]) => string[] }[] = [
  { column: 9, field: 'total_amount', spoil: (f) => f.with(8, '12.50') },
  { column: 10, field: 'currency', spoil: (f) => f.with(9, 'EUR') },
  { column: 4, field: 'pan', spoil: (f) => f.with(3, ' ') },
  { column: 5, field: 'date_time', spoil: (f) => f.with(4, '2026-02-30T10:00:00.000Z') },
  { column: 2, field: 'operation_type', spoil: (f) => f.with(1, '02') },
  { column: 14, field: 'bin', spoil: (f) => f.with(13, '1234') },
  { column: 18, field: 'pos_type', spoil: (f) => f.with(17, '02') },
  { column: null, field: null, spoil: (f) => f.slice(0, 18) },
]

export function trxAndAggr(o: TrxAndAggrOptions): TrxAndAggr {
  const r = rng(o.seed)
  const pick = (n: number) => Math.floor(r() * n)
  const two = (n: number) => String(n).padStart(2, '0')
  const kinds = { reversals: 0, dirtyVat: 0, dirtyPos: 0, fakeAbi: 0, emptyVat: 0 }
  const fakes = [...FAKE_ABIS.keys()]
  const rows: string[][] = []
  const expected: string[] = []
  const keys = new Set<string>()
  for (let g = 0; g < o.groups; g++) {
    const op = r() < (o.reversalRatio ?? 0.15) ? '01' : '00'
    // Four consecutive groups share a terminal, on four different days: every key is distinct.
    const day = `2026-11-${two(18 + (g % 5))}`
    const fake = r() < (o.fakeAbiRatio ?? 0.2) ? (fakes[pick(fakes.length)] as string) : null
    const acquirerOut = fake ? (FAKE_ABIS.get(fake) as string) : SENDER
    const merchant = `m${g % 97}`
    const terminal = `t${Math.floor(g / 4)}`
    const fiscal = String(g % 89).padStart(11, '0')
    const dirtyVat = r() < (o.dirtyVatRatio ?? 0.1)
    const dirtyPos = r() < (o.dirtyPosRatio ?? 0.1)
    let n = 1 + pick(2 * o.avgTrx - 1)
    if ((dirtyVat || dirtyPos) && n < 2) n = 2
    const vatA = r() < 0.1 ? '' : `IT${String(pick(1e9)).padStart(11, '0')}`
    const vatB = r() < 0.3 ? (vatA === '' ? 'IT00000000042' : '') : `${vatA}X`
    const posA = r() < 0.5 ? '00' : '01'
    const posB = posA === '00' ? '01' : '00'
    let sum = 0
    for (let i = 0; i < n; i++) {
      const amount = pick(5_000_000)
      sum += amount
      const vat = !dirtyVat || i === 0 ? vatA : i === 1 ? vatB : r() < 0.5 ? vatA : vatB
      const pos = !dirtyPos || i === 0 ? posA : i === 1 ? posB : r() < 0.5 ? posA : posB
      const hour = r() < 0.3 ? (r() < 0.5 ? 0 : 23) : pick(24)
      const when = `${day}T${two(hour)}:${two(pick(60))}:${two(pick(60))}.${String(pick(1000)).padStart(3, '0')}${OFFSETS[pick(OFFSETS.length)]}`
      const pad = (s: string) => (r() < 0.02 ? ` ${s} ` : s)
      rows.push([
        SENDER,
        op,
        two(pick(10)),
        `pan${pick(5000)}`,
        when,
        `acq-${g}-${i}`,
        `iss-${g}-${i}`,
        r() < 0.5 ? '' : `c${i}`,
        String(amount),
        '978',
        fake ?? SENDER,
        pad(merchant),
        pad(terminal),
        '40236010',
        '4900',
        fiscal,
        vat,
        pos,
        r() < 0.5 ? '' : `par${pick(100)}`,
      ])
    }
    const key = [op, day, acquirerOut, merchant, terminal, fiscal].join(';')
    if (keys.has(key)) throw new Error(`generator made the key ${key} twice`)
    keys.add(key)
    const vatOut = dirtyVat ? '###na###' : vatA
    const posOut = dirtyPos ? '99' : posA
    expected.push([SENDER, op, o.transmissionDate, day, n, sum, '978', acquirerOut, merchant, terminal, fiscal, vatOut, posOut].join(';'))
    kinds.reversals += op === '01' ? 1 : 0
    kinds.dirtyVat += dirtyVat ? 1 : 0
    kinds.dirtyPos += dirtyPos ? 1 : 0
    kinds.fakeAbi += fake ? 1 : 0
    kinds.emptyVat += !dirtyVat && vatA === '' ? 1 : 0
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = pick(i + 1)
    ;[rows[i], rows[j]] = [rows[j] as string[], rows[i] as string[]]
  }
  // Entries to insert: comments and bad rows, at random places among the valid rows.
  type Extra = { at: number; text: string; bad: (typeof BAD)[number] | null }
  const extras: Extra[] = []
  for (let c = 0; c < (o.comments ?? 5); c++) extras.push({ at: pick(rows.length + 1), text: `# comment ${c}; not data`, bad: null })
  for (let b = 0; b < (o.badRows ?? 0); b++) {
    const bad = BAD[b % BAD.length] as (typeof BAD)[number]
    extras.push({ at: pick(rows.length + 1), text: bad.spoil(rows[pick(rows.length)] as string[]).join(';'), bad })
  }
  extras.sort((a, b) => a.at - b.at)
  const lines = ['#sha256sum:0000000000000000000000000000000000000000000000000000000000000000']
  const rejections: ExpectedRejection[] = []
  let e = 0
  for (let i = 0; i <= rows.length; i++) {
    for (; e < extras.length && (extras[e] as Extra).at === i; e++) {
      const x = extras[e] as Extra
      lines.push(x.text)
      if (x.bad) rejections.push({ line: lines.length, column: x.bad.column, field: x.bad.field, text: x.text })
    }
    if (i < rows.length) lines.push((rows[i] as string[]).join(';'))
  }
  return { lines, expected: expected.sort(), rejections, abiMap: FAKE_ABIS, validRows: rows.length, comments: 1 + (o.comments ?? 5), kinds }
}
