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

/** A v7 generator reading `now` (ms since the epoch; the injected clock) and `v4` (the randomness: crypto.randomUUID's). */
export function uuidV7(now: () => number, v4: () => string = () => crypto.randomUUID()): NewId {
  let lastMs = -1
  let seq = 0
  return () => {
    let ms = now()
    // A v4 id carries 62 random bits after its variant, exactly v7's rand_b: its last 17 characters are kept.
    // (crypto.randomUUID draws from a cached pool: cheaper than crypto.getRandomValues per id.)
    const random = v4()
    if (ms > lastMs) {
      lastMs = ms
      // Start low in the 12-bit space (top bit clear), so a burst in one millisecond has room to count up.
      seq = Number.parseInt(random.slice(15, 18), 16) & 0x7ff
    } else {
      ms = lastMs
      seq++
      if (seq > 0xfff) {
        // 4,096 ids in one millisecond: borrow the next one.
        lastMs = ms = lastMs + 1
        seq = 0
      }
    }
    const time = ms.toString(16).padStart(12, '0')
    return `${time.slice(0, 8)}-${time.slice(8)}-7${seq.toString(16).padStart(3, '0')}${random.slice(18)}`
  }
}
