/**
 * The input of `npm run bench:rtd`: a valid CSTAR file of `rows` rows over `keys` distinct B2.1 aggregation keys,
 * written to disk as a stream (batches of rows, with back-pressure; the file never exists in memory). The key spread
 * is test/core/rtd-gen.ts `generateRows`' (one key per k: reversals every 7th, five accounting days, offsets that do
 * not move the day, mixed VAT and POS type groups, empty VATs), inlined as one template string per row for speed.
 * @module
 */

import { once } from 'node:events'
import { createWriteStream } from 'node:fs'

export const SENDER = '12345'
export const INPUT_NAME = `CSTAR.${SENDER}.TRNLOG.20261123.105837.001.csv`

const OFFSETS = ['Z', '+01:00', '+01:30', '-0500', '+00:00']
const ROWS_PER_WRITE = 4096

/** Writes the file and returns its size in bytes. Deterministic for a given (rows, keys, seed). */
export async function writeRtdInput(path: string, rows: number, keys: number, seed = 1): Promise<number> {
  // mulberry32, as in test/core/rtd-gen.ts.
  let a = seed >>> 0
  const r = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const pick = (n: number) => Math.floor(r() * n)
  const out = createWriteStream(path, { highWaterMark: 1 << 20 })
  const failed = new Promise<never>((_, reject) => out.once('error', reject))
  failed.catch(() => {})
  let bytes = 0
  let batch = '# bench:rtd input\n'
  for (let i = 0; i < rows; i++) {
    const k = i < keys ? i : pick(keys)
    const hh = pick(24)
    const dateTime = `2026-11-${18 + (k % 5)}T${hh < 10 ? '0' : ''}${hh}:0${pick(10)}:${10 + pick(50)}.${100 + pick(900)}${OFFSETS[pick(5)]}`
    const vatRoll = r()
    const vat = k % 13 === 0 && vatRoll < 0.3 ? `v${pick(3)}` : k % 17 === 0 ? '' : `v${k % 5}`
    const pos = k % 19 === 0 && r() < 0.5 ? '01' : k % 23 === 0 ? '01' : '00'
    const fiscal = String(k % 1009).padStart(11, '0')
    batch += `${SENDER};${k % 7 === 0 ? '01' : '00'};01;pan${k % 1000};${dateTime};a${i};iss-1;;${pick(1_000_000)};978;${
      k % 11 === 0 ? 'STPAY' : SENDER
    };m${k % 997};t${k};40236010;4900;${fiscal};${vat};${pos};\n`
    if (i % ROWS_PER_WRITE === ROWS_PER_WRITE - 1 || i === rows - 1) {
      bytes += Buffer.byteLength(batch)
      if (!out.write(batch)) await Promise.race([once(out, 'drain'), failed])
      batch = ''
    }
  }
  out.end()
  await Promise.race([once(out, 'finish'), failed])
  return bytes
}
