/**
 * UUID version 7 (RFC 9562 §5.7): 48 bits of Unix time in ms, then random bits, so ids made later sort
 * later. The ids the gateway makes are primary keys (payment events, jobs, imports…): a random v4 key lands
 * on a random page of its index, so each insert dirties one more page of the commit's WAL write; a v7 key
 * lands on the last page, which the other inserts of the same commit share (issue 15: a redirect's commit
 * wrote about a fifth less). Within one millisecond the 12 bits after the version count up from a random
 * start, so the ids one generator makes are strictly increasing as strings even when the clock stands
 * still or steps back (then the last time seen is kept). 62 random bits remain in each id; no id is a
 * secret (capability links are signed, not guessed).
 * @module
 */

import type { NewId } from '../../ports/id-gen.port.ts'

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** A v7 generator reading `now` (ms since the epoch; the injected clock) and `random` (crypto.getRandomValues). */
export function uuidV7(
  now: () => number,
  random: (bytes: Uint8Array<ArrayBuffer>) => void = (b) => {
    crypto.getRandomValues(b)
  },
): NewId {
  let lastMs = -1
  let seq = 0
  const bytes = new Uint8Array(new ArrayBuffer(16))
  return () => {
    let ms = now()
    random(bytes)
    if (ms > lastMs) {
      lastMs = ms
      // Start low in the 12-bit space (top bit clear), so a burst in one millisecond has room to count up.
      seq = (((bytes[6] as number) & 0x07) << 8) | (bytes[7] as number)
    } else {
      ms = lastMs
      seq++
      if (seq > 0xfff) {
        // 4,096 ids in one millisecond: borrow the next one.
        lastMs = ms = lastMs + 1
        seq = 0
      }
    }
    // 48-bit big-endian time (split: bit operators work on 32 bits).
    const high = Math.floor(ms / 0x1000000)
    const low = ms % 0x1000000
    bytes[0] = (high >>> 16) & 0xff
    bytes[1] = (high >>> 8) & 0xff
    bytes[2] = high & 0xff
    bytes[3] = (low >>> 16) & 0xff
    bytes[4] = (low >>> 8) & 0xff
    bytes[5] = low & 0xff
    bytes[6] = 0x70 | (seq >>> 8)
    bytes[7] = seq & 0xff
    bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f)
    let s = ''
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) s += '-'
      s += HEX[bytes[i] as number]
    }
    return s
  }
}
