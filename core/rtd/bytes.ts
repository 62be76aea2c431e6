/**
 * Byte helpers of the RTD aggregator: one UTF-8 codec (the decoder keeps a leading U+FEFF, as a stream decoder does in
 * the middle of a file), the key hash over bytes (equal to partition.ts keyHash of the decoded string), and ByteWriter,
 * a growable buffer that hands out filled pieces for spill runs.
 * @module
 */

const decoder = new TextDecoder('utf-8', { ignoreBOM: true })
const encoder = new TextEncoder()

export const utf8 = {
  decode: (b: Uint8Array): string => decoder.decode(b),
  encode: (s: string): Uint8Array => encoder.encode(s),
  /** Writes `s` into `into` from 0; returns the bytes written, or -1 if `into` may be too small. */
  encodeInto(s: string, into: Uint8Array): number {
    if (s.length * 3 > into.length) return -1
    return encoder.encodeInto(s, into).written
  },
}

/** keyHash (partition.ts) of a UTF-16 string. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  return mixHash(h)
}

/** keyHash's finalizer over an FNV-1a state. */
export function mixHash(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/**
 * keyHash of the string whose UTF-8 is `b[start, end)`: FNV-1a over the bytes while they are ASCII (one byte = one code
 * unit), else over the decoded string.
 */
export function keyHashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5
  for (let i = start; i < end; i++) {
    const c = b[i] as number
    if (c >= 128) return keyHash(utf8.decode(b.subarray(start, end)))
    h = Math.imul(h ^ c, 0x01000193)
  }
  return mixHash(h)
}

/** Appends bytes; `take()` returns what was written since the last take (a fresh buffer each time, safe to keep). */
export class ByteWriter {
  /** The buffer and the write offset, for writers that reserve() room and fill it themselves. */
  buf: Uint8Array
  at = 0

  constructor(size = 1 << 18) {
    this.buf = new Uint8Array(size)
  }

  get length(): number {
    return this.at
  }

  /** Makes room for `n` more bytes at `at`. */
  room(n: number): void {
    if (this.at + n <= this.buf.length) return
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.at + n))
    b.set(this.buf.subarray(0, this.at))
    this.buf = b
  }

  byte(c: number): void {
    this.room(1)
    this.buf[this.at++] = c
  }

  bytes(src: Uint8Array, start: number, len: number): void {
    this.room(len)
    if (len < 64) for (let i = 0; i < len; i++) this.buf[this.at + i] = src[start + i] as number
    else this.buf.set(src.subarray(start, start + len), this.at)
    this.at += len
  }

  /** A non-negative safe integer in decimal. */
  uint(n: number): void {
    this.room(16)
    if (n < 10) {
      this.buf[this.at++] = 48 + n
      return
    }
    let digits = 0
    for (let m = n; m >= 1; m = Math.floor(m / 10)) digits++
    let i = this.at + digits
    this.at = i
    for (let m = n; m >= 1; m = Math.floor(m / 10)) this.buf[--i] = 48 + (m % 10)
  }

  take(): Uint8Array {
    const out = this.buf.subarray(0, this.at)
    this.buf = new Uint8Array(this.buf.length)
    this.at = 0
    return out
  }
}
