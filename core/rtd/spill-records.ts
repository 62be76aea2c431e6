/**
 * The aggregator's spill runs in binary (used when the SpillStore offers writeRunBytes and readRunBytes): one record per
 * aggregate, no text and no decimal formatting, with the key hash stored so that folding a run back needs no re-hashing.
 * Record (little-endian): hash u32, key length u16, VAT length u16 (0xffff: dirty), POS code u8, count and total each as
 * two u32 (low, high: safe integers), then the key bytes (the UTF-8 of aggregate.ts aggregateKey) and the VAT bytes.
 * SpillCursor reads records back from pieces cut anywhere; TextSpillCursor reads the text lines of a line store
 * (spill-bytes.ts readSpillLine) into the same fields, so partition.ts and the output read either the same way.
 * @module
 */

import { ByteLineCursor } from './byte-lines.ts'
import { type ByteWriter, keyHashBytes } from './bytes.ts'
import { readSpillLine, spilled } from './spill-bytes.ts'

const HEAD = 25
const DIRTY = 0xffff
const U32 = 2 ** 32

/** Appends one record to `w`. `vl` -1: dirty VAT. */
export function writeSpillRecord(
  w: ByteWriter,
  hash: number,
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
  const vn = vl < 0 ? 0 : vl
  w.room(HEAD + kl + vn)
  const b = w.buf
  let o = w.at
  b[o] = hash
  b[o + 1] = hash >>> 8
  b[o + 2] = hash >>> 16
  b[o + 3] = hash >>> 24
  b[o + 4] = kl
  b[o + 5] = kl >>> 8
  const v = vl < 0 ? DIRTY : vl
  b[o + 6] = v
  b[o + 7] = v >>> 8
  b[o + 8] = pos
  u64(b, o + 9, count)
  u64(b, o + 17, total)
  o += HEAD
  for (let i = 0; i < kl; i++) b[o++] = key[ks + i] as number
  for (let i = 0; i < vn; i++) b[o++] = vat[vs + i] as number
  w.at = o
}

function u64(b: Uint8Array, o: number, n: number): void {
  const lo = n % U32
  const hi = (n - lo) / U32
  b[o] = lo
  b[o + 1] = lo >>> 8
  b[o + 2] = lo >>> 16
  b[o + 3] = lo >>> 24
  b[o + 4] = hi
  b[o + 5] = hi >>> 8
  b[o + 6] = hi >>> 16
  b[o + 7] = hi >>> 24
}

const u32 = (b: Uint8Array, o: number) =>
  ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16) | ((b[o + 3] as number) << 24)) >>> 0
const u16 = (b: Uint8Array, o: number) => (b[o] as number) | ((b[o + 1] as number) << 8)

/** The fields of the current record; `buf` stays valid until the next call of next(). */
export interface RecordCursor {
  buf: Uint8Array
  hash: number
  keyStart: number
  keyLen: number
  count: number
  total: number
  vatStart: number
  /** -1: dirty. */
  vatLen: number
  pos: number
  push(chunk: Uint8Array): void
  next(): boolean
  /** After the last piece: throws if a record was cut short. */
  end(): void
}

/** Binary records from pieces cut anywhere. */
export class SpillCursor implements RecordCursor {
  buf: Uint8Array = new Uint8Array(0)
  hash = 0
  keyStart = 0
  keyLen = 0
  count = 0
  total = 0
  vatStart = 0
  vatLen = 0
  pos = 0
  private chunk: Uint8Array = new Uint8Array(0)
  private p = 0
  private carry = new Uint8Array(1024)
  private carryLen = 0

  push(chunk: Uint8Array): void {
    this.chunk = chunk
    this.p = 0
  }

  next(): boolean {
    const c = this.chunk
    const n = c.length
    if (this.carryLen > 0) {
      if (!this.take(HEAD)) return false
      if (!this.take(size(this.carry, 0))) return false
      this.carryLen = 0
      this.read(this.carry, 0)
      return true
    }
    const p = this.p
    if (n - p >= HEAD) {
      const len = size(c, p)
      if (n - p >= len) {
        this.read(c, p)
        this.p = p + len
        return true
      }
    }
    if (p < n) this.takeFrom(n - p)
    return false
  }

  end(): void {
    if (this.carryLen > 0 || this.p < this.chunk.length) throw new Error('corrupt RTD spill run: a record cut short')
  }

  /** Fills the carry up to `want` bytes from the chunk; true when it holds them. */
  private take(want: number): boolean {
    const need = want - this.carryLen
    if (need <= 0) return true
    const have = this.chunk.length - this.p
    this.takeFrom(Math.min(need, have))
    return this.carryLen >= want
  }

  private takeFrom(k: number): void {
    if (this.carryLen + k > this.carry.length) {
      const b = new Uint8Array(Math.max(this.carry.length * 2, this.carryLen + k))
      b.set(this.carry.subarray(0, this.carryLen))
      this.carry = b
    }
    this.carry.set(this.chunk.subarray(this.p, this.p + k), this.carryLen)
    this.carryLen += k
    this.p += k
  }

  private read(b: Uint8Array, o: number): void {
    this.buf = b
    this.hash = u32(b, o)
    const kl = u16(b, o + 4)
    const v = u16(b, o + 6)
    this.keyLen = kl
    this.vatLen = v === DIRTY ? -1 : v
    this.pos = b[o + 8] as number
    this.count = u32(b, o + 9) + u32(b, o + 13) * U32
    this.total = u32(b, o + 17) + u32(b, o + 21) * U32
    this.keyStart = o + HEAD
    this.vatStart = o + HEAD + kl
  }
}

function size(b: Uint8Array, o: number): number {
  const v = u16(b, o + 6)
  return HEAD + u16(b, o + 4) + (v === DIRTY ? 0 : v)
}

/** Text spill lines (`\n`-ended, spill-bytes.ts) into the same fields; the hash is computed. */
export class TextSpillCursor implements RecordCursor {
  buf: Uint8Array = new Uint8Array(0)
  hash = 0
  keyStart = 0
  keyLen = 0
  count = 0
  total = 0
  vatStart = 0
  vatLen = 0
  pos = 0
  private readonly c = new ByteLineCursor(Number.POSITIVE_INFINITY, false)

  push(chunk: Uint8Array): void {
    this.c.push(chunk)
  }

  next(): boolean {
    const c = this.c
    if (!c.next()) return false
    const b = c.buf
    readSpillLine(b, c.start, c.end)
    this.buf = b
    this.keyStart = c.start
    this.keyLen = spilled.keyEnd - c.start
    this.hash = keyHashBytes(b, c.start, spilled.keyEnd)
    this.count = spilled.count
    this.total = spilled.total
    this.vatStart = spilled.vatStart
    this.vatLen = spilled.vatLen
    this.pos = spilled.pos
    return true
  }

  end(): void {
    if (this.c.finish()) throw new Error('corrupt RTD spill run: no line end at the end')
  }
}

/** The cursor for runs written binary or as text. */
export function spillCursor(binary: boolean): RecordCursor {
  return binary ? new SpillCursor() : new TextSpillCursor()
}
