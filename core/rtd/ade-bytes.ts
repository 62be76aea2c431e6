/**
 * ADE output lines (aggregate.ts formatAggregateLine) written straight from key bytes, with no AggregateRecord and no
 * string per aggregate: the key is `sender;op;accounting date;acquirer;merchant;terminal;fiscal code`, the line is
 * `sender;op;<transmission date>;accounting date;count;total;978;acquirer;merchant;terminal;fiscal code;vat;pos`.
 * @module
 */

import { CURRENCY_EUR, DIRTY_VAT } from './aggregate.ts'
import { type ByteWriter, utf8 } from './bytes.ts'

const DIRTY_VAT_BYTES = utf8.encode(DIRTY_VAT)
const EUR = utf8.encode(CURRENCY_EUR)

/** Appends the ADE line of one aggregate and its `\n` to `w`. `tdate` is `<transmission date>;` as bytes; `vl` -1: dirty. */
export function writeAdeLine(
  w: ByteWriter,
  tdate: Uint8Array,
  key: Uint8Array,
  ks: number,
  kl: number,
  count: number,
  total: number,
  vat: Uint8Array,
  vs: number,
  vl: number,
  pos: number,
): void {
  const vn = vl < 0 ? DIRTY_VAT_BYTES.length : vl
  w.room(kl + vn + tdate.length + 48)
  const b = w.buf
  let o = w.at
  const ke = ks + kl
  let i = ks
  // sender;op;
  for (let semis = 0; semis < 2 && i < ke; i++) {
    const c = key[i] as number
    b[o++] = c
    if (c === 59) semis++
  }
  for (let j = 0; j < tdate.length; j++) b[o++] = tdate[j] as number
  // accounting date;
  for (; i < ke; ) {
    const c = key[i++] as number
    b[o++] = c
    if (c === 59) break
  }
  o = decimal(b, o, count)
  b[o++] = 59
  o = decimal(b, o, total)
  b[o++] = 59
  for (let j = 0; j < EUR.length; j++) b[o++] = EUR[j] as number
  b[o++] = 59
  for (; i < ke; i++) b[o++] = key[i] as number
  b[o++] = 59
  const v = vl < 0 ? DIRTY_VAT_BYTES : vat
  const s = vl < 0 ? 0 : vs
  for (let j = 0; j < vn; j++) b[o++] = v[s + j] as number
  b[o++] = 59
  b[o++] = pos === 99 ? 57 : 48
  b[o++] = pos === 99 ? 57 : pos === 1 ? 49 : 48
  b[o++] = 10
  w.at = o
}

/** Writes the safe integer `n` ≥ 0 in decimal at `o`; returns the offset after it. */
export function decimal(b: Uint8Array, o: number, n: number): number {
  if (n < 10) {
    b[o] = 48 + n
    return o + 1
  }
  let digits = 0
  for (let m = n; m >= 1; m = Math.floor(m / 10)) digits++
  let i = o + digits
  for (let m = n; m >= 1; m = Math.floor(m / 10)) b[--i] = 48 + (m % 10)
  return o + digits
}
