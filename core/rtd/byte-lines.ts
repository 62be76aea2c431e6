/**
 * lines.ts readLineBatches on bytes, without decoding: a cursor over byte chunks that stops at each line and leaves it
 * as `buf[start, end)` (in the chunk, or in its own carry buffer for a line cut between chunks). Same lines as
 * readLineBatches of the same bytes: ends at `\n`, `\r\n` or a lone `\r`; a leading BOM is dropped by the stream
 * decoder and, with `stripBom`, one more; `overlong` when the decoded line has more than `maxLineChars` UTF-16 code
 * units (a line of at most that many bytes never has; a longer one is decoded to count, and one of more than three
 * bytes per allowed unit is dropped as it comes, so memory stays bounded). A line stays valid until the next call.
 * @module
 */

import { utf8 } from './bytes.ts'

const isBom = (b: Uint8Array, at: number, end: number) => end - at >= 3 && b[at] === 0xef && b[at + 1] === 0xbb && b[at + 2] === 0xbf

export class ByteLineCursor {
  buf: Uint8Array = new Uint8Array(0)
  start = 0
  end = 0
  /** 1-based line number. */
  number = 0
  overlong = false
  private chunk: Uint8Array = new Uint8Array(0)
  private pos = 0
  private nextCr = -1
  private carry = new Uint8Array(4096)
  private carryLen = 0
  private dropped = false
  private resetCarry = false
  private pendingCr = false
  private boms: number
  private readonly max: number
  private readonly cap: number

  private head: boolean

  /** `overlongHead`: the first line is the tail of one dropped before (a block cut from a file): it is overlong. */
  constructor(maxLineChars: number, stripBom = true, overlongHead = false) {
    this.head = overlongHead
    this.max = maxLineChars
    this.cap = maxLineChars > 2 ** 28 ? Number.POSITIVE_INFINITY : maxLineChars * 3 + 6
    this.boms = stripBom ? 2 : 1
  }

  /** Starts on the next chunk; call next() until it returns false before pushing another. */
  push(chunk: Uint8Array): void {
    this.chunk = chunk
    this.pos = 0
    this.nextCr = -1
  }

  /** Moves to the next line completed by the current chunk; false when the chunk is used up. */
  next(): boolean {
    if (this.resetCarry) {
      this.resetCarry = false
      this.carryLen = 0
      this.dropped = false
    }
    const c = this.chunk
    const n = c.length
    let p = this.pos
    if (p >= n) return false
    if (this.pendingCr) {
      this.pendingCr = false
      if (c[p] === 10 && ++p >= n) {
        this.pos = p
        return false
      }
    }
    if (this.nextCr < p && this.nextCr !== n) {
      const cr = c.indexOf(13, p)
      this.nextCr = cr < 0 ? n : cr
    }
    const lf = c.indexOf(10, p)
    const e = lf < 0 || this.nextCr < lf ? this.nextCr : lf
    if (e >= n) {
      this.append(c, p, n)
      this.pos = n
      return false
    }
    let after = e + 1
    if (c[e] === 13) {
      if (after < n) {
        if (c[after] === 10) after++
      } else this.pendingCr = true
    }
    this.pos = after
    if (this.carryLen > 0 || this.dropped) {
      this.append(c, p, e)
      this.resetCarry = true
      this.line(this.carry, 0, this.carryLen, this.dropped)
    } else this.line(c, p, e, false)
    return true
  }

  /** After the last chunk: the unterminated last line, if any (false if none). */
  finish(): boolean {
    if (this.resetCarry) {
      this.resetCarry = false
      this.carryLen = 0
      this.dropped = false
    }
    this.chunk = new Uint8Array(0)
    const s = this.number === 0 ? this.skipBoms(this.carry, 0, this.carryLen) : 0
    if (s === this.carryLen && !this.dropped && !this.head) return false
    this.line(this.carry, s, this.carryLen, this.dropped)
    this.resetCarry = true
    return true
  }

  private line(b: Uint8Array, s: number, e: number, dropped: boolean): void {
    if (this.number === 0) s = this.skipBoms(b, s, e)
    this.number++
    if (this.head) {
      this.head = false
      dropped = true
    }
    this.buf = b
    this.start = s
    this.end = e
    this.overlong = dropped || (e - s > this.max && utf8.decode(b.subarray(s, e)).length > this.max)
  }

  /** Past the BOMs still to drop at the start of the first line. */
  private skipBoms(b: Uint8Array, s: number, e: number): number {
    while (this.boms > 0 && isBom(b, s, e)) {
      s += 3
      this.boms--
    }
    return s
  }

  private append(c: Uint8Array, s: number, e: number): void {
    if (this.dropped) return
    const len = this.carryLen + e - s
    if (len > this.cap) {
      this.carryLen = 0
      this.dropped = true
      return
    }
    if (len > this.carry.length) {
      const b = new Uint8Array(Math.max(len, this.carry.length * 2))
      b.set(this.carry.subarray(0, this.carryLen))
      this.carry = b
    }
    this.carry.set(c.subarray(s, e), this.carryLen)
    this.carryLen = len
  }
}
