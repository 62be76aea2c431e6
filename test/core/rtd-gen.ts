/**
 * Test helpers for the RTD aggregator: a seeded generator of valid input rows over a chosen number of distinct keys
 * (mixed VAT / POS type groups, empty VAT, reversals, offsets that must not move the accounting date), and a naive
 * oracle that computes the expected B2.1 output lines straight from the rows, independently of core/rtd/aggregate.ts.
 * @module
 */

import { newSha256Hasher } from '../../adapters/crypto/sha256-hasher.ts'
import { aggregateRtd, type RtdAggregateOptions } from '../../core/rtd/aggregator.ts'
import { parseCstarFileName, type RtdFileName } from '../../core/rtd/file-name.ts'
import { adeChunks } from '../../core/rtd/output.ts'
import { memorySpillStore } from '../fakes/rtd-spill.fake.ts'

export const SENDER = '12345'
export const INPUT_NAME = `CSTAR.${SENDER}.TRNLOG.20261123.105837.001.csv`
export const INPUT = (parseCstarFileName(INPUT_NAME) as { ok: true; value: RtdFileName }).value
export const RUN_DATE = '2026-11-23'

export type Fields = {
  sender?: string
  op?: string
  circuit?: string
  pan?: string
  dateTime?: string
  idAcq?: string
  idIss?: string
  corr?: string
  amount?: string
  currency?: string
  acquirer?: string
  merchant?: string
  terminal?: string
  bin?: string
  mcc?: string
  fiscal?: string
  vat?: string
  pos?: string
  par?: string
}

/** One input row; every field defaults to a valid value. */
export function row(f: Fields = {}): string {
  return [
    f.sender ?? SENDER,
    f.op ?? '00',
    f.circuit ?? '01',
    f.pan ?? 'pan1',
    f.dateTime ?? '2026-11-21T19:05:41.000Z',
    f.idAcq ?? 'acq-1',
    f.idIss ?? 'iss-1',
    f.corr ?? '',
    f.amount ?? '1250',
    f.currency ?? '978',
    f.acquirer ?? SENDER,
    f.merchant ?? 'M1',
    f.terminal ?? 'T1',
    f.bin ?? '40236010',
    f.mcc ?? '4900',
    f.fiscal ?? '00000000001',
    f.vat ?? '00000000001',
    f.pos ?? '00',
    f.par ?? '',
  ].join(';')
}

/** mulberry32: small, seeded, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const OFFSETS = ['Z', '+01:00', '+01:30', '-0500', '+00:00']

/** `rows` valid rows spread over about `keys` distinct aggregation keys. */
export function generateRows(rows: number, keys: number, seed = 1): string[] {
  const r = rng(seed)
  const pick = (n: number) => Math.floor(r() * n)
  const out: string[] = []
  for (let i = 0; i < rows; i++) {
    const k = i < keys ? i : pick(keys)
    const day = String(18 + (k % 5)).padStart(2, '0')
    const hh = String(pick(24)).padStart(2, '0')
    const vatRoll = r()
    out.push(
      row({
        op: k % 7 === 0 ? '01' : '00',
        dateTime: `2026-11-${day}T${hh}:0${pick(10)}:${10 + pick(50)}.${100 + pick(900)}${OFFSETS[pick(OFFSETS.length)]}`,
        idAcq: `a${i}`,
        amount: String(pick(1_000_000)),
        acquirer: k % 11 === 0 ? 'STPAY' : SENDER,
        merchant: `m${k % 997}`,
        terminal: `t${k}`,
        fiscal: String(k % 1009).padStart(11, '0'),
        vat: k % 13 === 0 && vatRoll < 0.3 ? `v${pick(3)}` : k % 17 === 0 ? '' : `v${k % 5}`,
        pos: k % 19 === 0 && r() < 0.5 ? '01' : k % 23 === 0 ? '01' : '00',
      }),
    )
  }
  return out
}

/** Expected output lines (sorted), computed naively from valid rows with the B2.1 rules. */
export function expectedLines(rows: readonly string[], abi: ReadonlyMap<string, string> = new Map(), date = RUN_DATE): string[] {
  const groups = new Map<string, { n: number; sum: number; vats: Set<string>; poss: Set<string>; key: string[] }>()
  for (const line of rows) {
    const f = line.split(';').map((s) => s.trim())
    const acquirer = abi.get(f[10] as string) ?? (f[10] as string)
    const key = [f[0], f[1], (f[4] as string).slice(0, 10), acquirer, f[11], f[12], f[15]] as string[]
    const id = JSON.stringify(key)
    const g = groups.get(id) ?? { n: 0, sum: 0, vats: new Set<string>(), poss: new Set<string>(), key }
    g.n++
    g.sum += Number(f[8])
    g.vats.add(f[16] as string)
    g.poss.add(f[17] as string)
    groups.set(id, g)
  }
  return [...groups.values()]
    .map(({ n, sum, vats, poss, key: [s, op, day, acq, m, t, fc] }) => {
      const vat = vats.size === 1 ? [...vats][0] : '###na###'
      const pos = poss.size === 1 ? [...poss][0] : '99'
      return [s, op, date, day, n, sum, '978', acq, m, t, fc, vat, pos].join(';')
    })
    .sort()
}

/** Async iterable of the lines joined with `\n`, cut into pieces of `piece` characters (cuts fall anywhere). */
export async function* asChunks(lines: readonly string[], piece = 4096): AsyncGenerator<string> {
  const text = lines.map((l) => `${l}\n`).join('')
  for (let i = 0; i < text.length; i += piece) yield text.slice(i, i + piece)
}

/** Runs aggregator + writer on `lines` and returns every output line (checksum lines included) in order. */
export async function runAll(
  lines: readonly string[],
  over: Partial<RtdAggregateOptions> = {},
  maxRows?: number,
): Promise<{ chunks: { fileName: string; lines: string[] }[]; aggregation: Awaited<ReturnType<typeof aggregateRtd>> }> {
  const spill = over.spill ?? memorySpillStore()
  const aggregation = await aggregateRtd(asChunks(lines), { fileName: INPUT, newHasher: newSha256Hasher, spill, ...over })
  const chunks: { fileName: string; lines: string[] }[] = []
  if (aggregation.ok) {
    const opts = { input: INPUT, inputSha256: aggregation.value.inputSha256, transmissionDate: RUN_DATE, ...(maxRows ? { maxRows } : {}) }
    for await (const c of adeChunks(aggregation.value.records(), opts)) {
      const got: string[] = []
      for await (const l of c.lines) got.push(l)
      chunks.push({ fileName: c.fileName, lines: got })
    }
    await aggregation.value.dispose()
  }
  return { chunks, aggregation }
}
