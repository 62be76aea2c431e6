/**
 * The aggregation key of a row accepted by byte-row.ts, built as bytes (the UTF-8 of aggregate.ts aggregateKey) in a
 * reusable buffer: sender;operation type;accounting date;acquirer id (through the fake-ABI map);merchant;terminal;
 * fiscal code. The map is looked up by the acquirer id's bytes (AbiBytes: only ASCII fake ABIs can match an ASCII
 * field; the string path keeps using the map itself).
 * @module
 */

import { FIELD } from './byte-row.ts'
import { keyHashBytes, mixHash, utf8 } from './bytes.ts'

export type KeyBuilder = { buf: Uint8Array; len: number }

function fnv(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5
  for (let i = s; i < e; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193)
  return h
}

/** Fake ABI → fiscal code, looked up by bytes. */
export class AbiBytes {
  private readonly byHash = new Map<number, { readonly abi: Uint8Array; readonly code: Uint8Array }[]>()
  constructor(map: ReadonlyMap<string, string>) {
    for (const [abi, code] of map) {
      if ([...abi].some((ch) => ch.charCodeAt(0) >= 128)) continue
      const a = utf8.encode(abi)
      const entry = { abi: a, code: utf8.encode(code) }
      const h = fnv(a, 0, a.length)
      const list = this.byHash.get(h)
      if (list) list.push(entry)
      else this.byHash.set(h, [entry])
    }
  }

  /** The fiscal code's bytes for the acquirer id `b[s, e)`, or null. */
  get(b: Uint8Array, s: number, e: number): Uint8Array | null {
    const list = this.byHash.get(fnv(b, s, e))
    if (!list) return null
    outer: for (const { abi, code } of list) {
      if (abi.length !== e - s) continue
      for (let i = 0; i < abi.length; i++) if (abi[i] !== b[s + i]) continue outer
      return code
    }
    return null
  }
}

/** Copies `from[s, e)` to the key, folding its bytes into the FNV-1a state `h`; returns the new state. */
function copy(k: KeyBuilder, from: Uint8Array, s: number, e: number, h: number): number {
  const buf = k.buf
  let at = k.len
  for (let i = s; i < e; i++) {
    const c = from[i] as number
    buf[at++] = c
    h = Math.imul(h ^ c, 0x01000193)
  }
  k.len = at
  return h
}

const SEMI = (h: number) => Math.imul(h ^ 59, 0x01000193)

/**
 * Writes the key of the row whose fields byte-row.ts left in FIELD into `k` and returns its hash (bytes.ts
 * keyHashBytes of the key).
 */
export function keyOfRow(k: KeyBuilder, b: Uint8Array, abi: AbiBytes | null): number {
  const acq = (FIELD[10] as number) + 1
  const acqEnd = FIELD[11] as number
  const mapped = abi === null ? null : abi.get(b, acq, acqEnd)
  // at most 20 + 2 + 10 + 3 × 255 + 50 + 7 bytes, or a mapped fiscal code instead of the acquirer id
  const need = 1200 + (mapped === null ? 0 : mapped.length)
  if (k.buf.length < need) k.buf = new Uint8Array(need)
  k.len = 0
  let h = copy(k, b, (FIELD[0] as number) + 1, FIELD[2] as number, 0x811c9dc5) // sender;op
  k.buf[k.len++] = 59
  h = SEMI(h)
  const date = (FIELD[4] as number) + 1
  h = SEMI(copy(k, b, date, date + 10, h))
  k.buf[k.len++] = 59
  h = mapped === null ? copy(k, b, acq, acqEnd, h) : copy(k, mapped, 0, mapped.length, h)
  k.buf[k.len++] = 59
  h = SEMI(h)
  h = SEMI(copy(k, b, (FIELD[11] as number) + 1, FIELD[13] as number, h)) // merchant;terminal
  k.buf[k.len++] = 59
  h = copy(k, b, (FIELD[15] as number) + 1, FIELD[16] as number, h)
  return mapped !== null && !ascii(mapped) ? keyHashBytes(k.buf, 0, k.len) : mixHash(h)
}

function ascii(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if ((b[i] as number) >= 128) return false
  return true
}
