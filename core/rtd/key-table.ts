/**
 * The aggregator's in-memory aggregates, kept as bytes: each key is the UTF-8 of its `;`-joined string (aggregate.ts
 * aggregateKey) stored once in an arena, found through an open-addressing index over its 32-bit keyHash (partition.ts),
 * compared byte by byte on a hash match. Count, sum, VAT (arena bytes, or dirty) and POS type live in typed arrays by
 * slot, so a row that folds into a held key allocates nothing, and no string is made until output. Folding follows
 * mergeInto (aggregate.ts): counts and sums stay safe integers, a second VAT or POS type makes it dirty. Slots are
 * numbered in insertion order.
 * @module
 */

import { type AggregateValue, DIRTY_POS_TYPE, DIRTY_VAT, type PosType } from './aggregate.ts'
import { type ByteWriter, utf8 } from './bytes.ts'

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
  private keyAt = new Int32Array(0)
  private keyLen = new Int32Array(0)
  private vatAt = new Int32Array(0)
  /** -1: dirty (the marker). */
  private vatLen = new Int32Array(0)
  private pos = new Uint8Array(0)
  private counts = new Float64Array(0)
  private totals = new Float64Array(0)
  /** slot + 1 per cell, 0 = empty. */
  private index = new Int32Array(1 << 10)
  /** The empty cell where the last find missed, until the table changes. */
  private miss = -1

  /** The slot of the key `buf[start, start + len)` with hash `hash` (keyHash of its string), or -1. */
  find(hash: number, buf: Uint8Array, start: number, len: number): number {
    const mask = this.index.length - 1
    for (let cell = hash & mask; ; cell = (cell + 1) & mask) {
      const s = (this.index[cell] as number) - 1
      if (s < 0) {
        this.miss = cell
        return -1
      }
      if (this.hashes[s] === hash && this.keyLen[s] === len && same(this.arena, this.keyAt[s] as number, buf, start, len)) return s
    }
  }

  /** Folds `count` rows summing `amount` into `slot`; VAT `vat[vs, vs + vl)` (vl -1: dirty); false on overflow. */
  fold(slot: number, amount: number, vat: Uint8Array, vs: number, vl: number, pos: number, count = 1): boolean {
    const n = (this.counts[slot] as number) + count
    const total = (this.totals[slot] as number) + amount
    if (!Number.isSafeInteger(n) || !Number.isSafeInteger(total)) return false
    this.counts[slot] = n
    this.totals[slot] = total
    if (!this.vatIs(slot, vat, vs, vl)) this.vatLen[slot] = -1
    if (this.pos[slot] !== pos) this.pos[slot] = 99
    return true
  }

  private vatIs(slot: number, vat: Uint8Array, vs: number, vl: number): boolean {
    const mine = this.vatLen[slot] as number
    if (vl < 0)
      return mine < 0 || (mine === DIRTY_VAT_BYTES.length && same(this.arena, this.vatAt[slot] as number, DIRTY_VAT_BYTES, 0, mine))
    if (mine < 0) return vl === DIRTY_VAT_BYTES.length && same(vat, vs, DIRTY_VAT_BYTES, 0, vl)
    return mine === vl && same(this.arena, this.vatAt[slot] as number, vat, vs, vl)
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
    this.index[this.miss] = slot + 1
    this.miss = -1
    const need = this.used + len + Math.max(vl, 0)
    if (need > this.arena.length) {
      const a = new Uint8Array(Math.max(need, this.arena.length * 2))
      a.set(this.arena.subarray(0, this.used))
      this.arena = a
    }
    this.arena.set(buf.subarray(start, start + len), this.used)
    this.keyAt[slot] = this.used
    this.keyLen[slot] = len
    this.used += len
    if (vl > 0) this.arena.set(vat.subarray(vs, vs + vl), this.used)
    this.vatAt[slot] = this.used
    this.vatLen[slot] = vl
    this.used += Math.max(vl, 0)
    this.hashes[slot] = hash
    this.pos[slot] = pos
    this.counts[slot] = count
    this.totals[slot] = amount
  }

  private grow(): void {
    const cap = Math.max(1024, this.cap * 2)
    const copy = <T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(a: T, b: T): T => {
      b.set(a)
      return b
    }
    this.hashes = copy(this.hashes, new Uint32Array(cap))
    this.keyAt = copy(this.keyAt, new Int32Array(cap))
    this.keyLen = copy(this.keyLen, new Int32Array(cap))
    this.vatAt = copy(this.vatAt, new Int32Array(cap))
    this.vatLen = copy(this.vatLen, new Int32Array(cap))
    this.pos = copy(this.pos, new Uint8Array(cap))
    this.counts = copy(this.counts, new Float64Array(cap))
    this.totals = copy(this.totals, new Float64Array(cap))
    this.cap = cap
    if (this.index.length < cap * 2) {
      const index = new Int32Array(cap * 2)
      const mask = index.length - 1
      for (let s = 0; s < this.size; s++) {
        let cell = (this.hashes[s] as number) & mask
        while (index[cell] !== 0) cell = (cell + 1) & mask
        index[cell] = s + 1
      }
      this.index = index
    }
    this.miss = -1
  }

  hashAt(slot: number): number {
    return this.hashes[slot] as number
  }

  keyString(slot: number): string {
    const at = this.keyAt[slot] as number
    return utf8.decode(this.arena.subarray(at, at + (this.keyLen[slot] as number)))
  }

  valueAt(slot: number): AggregateValue {
    const vl = this.vatLen[slot] as number
    const at = this.vatAt[slot] as number
    return {
      count: this.counts[slot] as number,
      totalAmount: this.totals[slot] as number,
      vat: vl < 0 ? DIRTY_VAT : vl === 0 ? '' : utf8.decode(this.arena.subarray(at, at + vl)),
      posType: posText(this.pos[slot] as number),
    }
  }

  /** Appends the spill line of a slot (aggregate.ts encodeSpillLine) and its `\n` to `w`. */
  writeLine(slot: number, w: ByteWriter): void {
    w.bytes(this.arena, this.keyAt[slot] as number, this.keyLen[slot] as number)
    w.byte(59)
    w.uint(this.counts[slot] as number)
    w.byte(59)
    w.uint(this.totals[slot] as number)
    w.byte(59)
    const vl = this.vatLen[slot] as number
    if (vl < 0) w.bytes(DIRTY_VAT_BYTES, 0, DIRTY_VAT_BYTES.length)
    else w.bytes(this.arena, this.vatAt[slot] as number, vl)
    w.byte(59)
    const p = this.pos[slot] as number
    w.byte(p === 99 ? 57 : 48)
    w.byte(p === 99 ? 57 : p === 1 ? 49 : 48)
    w.byte(10)
  }

  clear(): void {
    this.size = 0
    this.used = 0
    this.index.fill(0)
    this.miss = -1
  }
}
