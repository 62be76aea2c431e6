/**
 * The aggregator's in-memory aggregates, kept as bytes: each key is the UTF-8 of its `;`-joined string (aggregate.ts
 * aggregateKey) stored once in an arena, found through an open-addressing index over its 32-bit keyHash (partition.ts),
 * compared byte by byte on a hash match. Count, sum, VAT (arena bytes, or dirty) and POS type live in typed arrays by
 * slot, so a row that folds into a held key allocates nothing, and no string is made until output. Folding follows
 * mergeInto (aggregate.ts): counts and sums stay safe integers, a second VAT or POS type makes it dirty. Slots are
 * numbered in insertion order.
 * @module
 */

import { decimal, writeAdeLine } from './ade-bytes.ts'
import { type AggregateValue, DIRTY_POS_TYPE, DIRTY_VAT, type PosType } from './aggregate.ts'
import { type ByteWriter, utf8 } from './bytes.ts'
import { writeSpillRecord } from './spill-records.ts'

const DIRTY_VAT_BYTES = utf8.encode(DIRTY_VAT)
/** POS type codes: '00' → 0, '01' → 1, '99' → 99. */
export const posCode = (p: PosType): number => (p === '00' ? 0 : p === '01' ? 1 : 99)
const posText = (c: number): PosType => (c === 0 ? '00' : c === 1 ? '01' : DIRTY_POS_TYPE)

const same = (a: Uint8Array, as: number, b: Uint8Array, bs: number, n: number) => {
  for (let i = 0; i < n; i++) if (a[as + i] !== b[bs + i]) return false
  return true
}

export class KeyTable {
  size = 0
  private arena = new Uint8Array(1 << 16)
  private used = 0
  private cap = 0
  private hashes = new Uint32Array(0)
  /**
   * Per slot, one 32-byte entry (so a hit reads one cache line for it): count and total as doubles (`f64[slot * 4]`,
   * `[+ 1]`), then key offset in the arena, key length, VAT length (-1: dirty; the VAT follows the key) and POS code as
   * int32 (`i32[slot * 8 + 4 .. + 7]`). Two views on one buffer.
   */
  private f64 = new Float64Array(0)
  private i32 = new Int32Array(0)
  /** Per cell: slot + 1 (0 = empty), then the key hash: a probe reads one place until the hashes match. */
  private index = new Int32Array(2 << 10)
  /** The empty cell where the last find missed, until the table changes. */
  private miss = -1

  /** The slot of the key `buf[start, start + len)` with hash `hash` (keyHash of its string), or -1. */
  find(hash: number, buf: Uint8Array, start: number, len: number): number {
    const index = this.index
    const mask = (index.length >> 1) - 1
    const h = hash | 0
    for (let cell = hash & mask; ; cell = (cell + 1) & mask) {
      const s = (index[cell << 1] as number) - 1
      if (s < 0) {
        this.miss = cell
        return -1
      }
      if (index[(cell << 1) + 1] === h && this.i32[s * 8 + 5] === len && same(this.arena, this.i32[s * 8 + 4] as number, buf, start, len))
        return s
    }
  }

  /** Folds `count` rows summing `amount` into `slot`; VAT `vat[vs, vs + vl)` (vl -1: dirty); false on overflow. */
  fold(slot: number, amount: number, vat: Uint8Array, vs: number, vl: number, pos: number, count = 1): boolean {
    const nums = this.f64
    const n = (nums[slot * 4] as number) + count
    const total = (nums[slot * 4 + 1] as number) + amount
    if (!Number.isSafeInteger(n) || !Number.isSafeInteger(total)) return false
    nums[slot * 4] = n
    nums[slot * 4 + 1] = total
    const m = slot * 8 + 4
    if (!this.vatIs(m, vat, vs, vl)) this.i32[m + 2] = -1
    if (this.i32[m + 3] !== pos) this.i32[m + 3] = 99
    return true
  }

  private vatIs(m: number, vat: Uint8Array, vs: number, vl: number): boolean {
    const mine = this.i32[m + 2] as number
    const at = (this.i32[m] as number) + (this.i32[m + 1] as number)
    if (vl < 0) return mine < 0 || (mine === DIRTY_VAT_BYTES.length && same(this.arena, at, DIRTY_VAT_BYTES, 0, mine))
    if (mine < 0) return vl === DIRTY_VAT_BYTES.length && same(vat, vs, DIRTY_VAT_BYTES, 0, vl)
    return mine === vl && same(this.arena, at, vat, vs, vl)
  }

  /** Adds a key not held (find just returned -1 for it, or the table is new) with its first aggregate. */
  add(
    hash: number,
    buf: Uint8Array,
    start: number,
    len: number,
    amount: number,
    vat: Uint8Array,
    vs: number,
    vl: number,
    pos: number,
    count = 1,
  ): void {
    if (this.size === this.cap) this.grow()
    if (this.miss < 0) this.find(hash, buf, start, len)
    const slot = this.size++
    this.index[this.miss << 1] = slot + 1
    this.index[(this.miss << 1) + 1] = hash | 0
    this.miss = -1
    const vn = Math.max(vl, 0)
    if (this.used + len + vn > this.arena.length) {
      const a = new Uint8Array(Math.max(this.used + len + vn, this.arena.length * 2))
      a.set(this.arena.subarray(0, this.used))
      this.arena = a
    }
    const arena = this.arena
    let at = this.used
    const m = slot * 8 + 4
    this.i32[m] = at
    this.i32[m + 1] = len
    this.i32[m + 2] = vl
    this.i32[m + 3] = pos
    for (let i = 0; i < len; i++) arena[at++] = buf[start + i] as number
    for (let i = 0; i < vn; i++) arena[at++] = vat[vs + i] as number
    this.used = at
    this.hashes[slot] = hash
    this.f64[slot * 4] = count
    this.f64[slot * 4 + 1] = amount
  }

  private grow(): void {
    const cap = Math.max(1024, this.cap * 2)
    const hashes = new Uint32Array(cap)
    hashes.set(this.hashes)
    this.hashes = hashes
    const f64 = new Float64Array(cap * 4)
    f64.set(this.f64)
    this.f64 = f64
    this.i32 = new Int32Array(f64.buffer)
    this.cap = cap
    if (this.index.length < cap * 4) {
      const index = new Int32Array(cap * 4)
      const mask = cap * 2 - 1
      for (let s = 0; s < this.size; s++) {
        const h = this.hashes[s] as number
        let cell = h & mask
        while (index[cell << 1] !== 0) cell = (cell + 1) & mask
        index[cell << 1] = s + 1
        index[(cell << 1) + 1] = h | 0
      }
      this.index = index
    }
    this.miss = -1
  }

  hashAt(slot: number): number {
    return this.hashes[slot] as number
  }

  keyString(slot: number): string {
    const at = this.i32[slot * 8 + 4] as number
    return utf8.decode(this.arena.subarray(at, at + (this.i32[slot * 8 + 5] as number)))
  }

  valueAt(slot: number): AggregateValue {
    const m = slot * 8 + 4
    const vl = this.i32[m + 2] as number
    const at = (this.i32[m] as number) + (this.i32[m + 1] as number)
    return {
      count: this.f64[slot * 4] as number,
      totalAmount: this.f64[slot * 4 + 1] as number,
      vat: vl < 0 ? DIRTY_VAT : vl === 0 ? '' : utf8.decode(this.arena.subarray(at, at + vl)),
      posType: posText(this.i32[m + 3] as number),
    }
  }

  /** Appends the spill line of a slot (aggregate.ts encodeSpillLine) and its `\n` to `w`. */
  writeLine(slot: number, w: ByteWriter): void {
    const m = slot * 8 + 4
    const at = this.i32[m] as number
    const len = this.i32[m + 1] as number
    const vl = this.i32[m + 2] as number
    w.room(len + Math.max(vl, DIRTY_VAT_BYTES.length) + 40)
    const b = w.buf
    const arena = this.arena
    let o = w.at
    for (let i = 0; i < len; i++) b[o++] = arena[at + i] as number
    b[o++] = 59
    o = decimal(b, o, this.f64[slot * 4] as number)
    b[o++] = 59
    o = decimal(b, o, this.f64[slot * 4 + 1] as number)
    b[o++] = 59
    const vat = vl < 0 ? DIRTY_VAT_BYTES : arena
    const vs = vl < 0 ? 0 : at + len
    for (let i = 0, n = vl < 0 ? DIRTY_VAT_BYTES.length : vl; i < n; i++) b[o++] = vat[vs + i] as number
    b[o++] = 59
    const p = this.i32[m + 3] as number
    b[o++] = p === 99 ? 57 : 48
    b[o++] = p === 99 ? 57 : p === 1 ? 49 : 48
    b[o++] = 10
    w.at = o
  }

  /** Appends the binary spill record of a slot (spill-records.ts) to `w`. */
  writeRecord(slot: number, w: ByteWriter): void {
    const m = slot * 8 + 4
    const at = this.i32[m] as number
    const len = this.i32[m + 1] as number
    const n = this.f64
    const arena = this.arena
    writeSpillRecord(
      w,
      this.hashes[slot] as number,
      arena,
      at,
      len,
      n[slot * 4] as number,
      n[slot * 4 + 1] as number,
      arena,
      at + len,
      this.i32[m + 2] as number,
      this.i32[m + 3] as number,
    )
  }

  /** Appends the ADE line of a slot (ade-bytes.ts) to `w`. */
  writeAde(slot: number, w: ByteWriter, tdate: Uint8Array): void {
    const m = slot * 8 + 4
    const at = this.i32[m] as number
    const len = this.i32[m + 1] as number
    const n = this.f64
    const arena = this.arena
    writeAdeLine(
      w,
      tdate,
      arena,
      at,
      len,
      n[slot * 4] as number,
      n[slot * 4 + 1] as number,
      arena,
      at + len,
      this.i32[m + 2] as number,
      this.i32[m + 3] as number,
    )
  }

  clear(): void {
    this.size = 0
    this.used = 0
    this.index.fill(0)
    this.miss = -1
  }
}
