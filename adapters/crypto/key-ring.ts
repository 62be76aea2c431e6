/**
 * The one parser of `kid:base64,kid:base64` key rings (VARCO_ENCRYPTION_KEYS, VARCO_LINK_KEYS): each caller states
 * which key sizes it takes and which error it throws, so the messages stay its own.
 * @module
 */

import { fromBase64 } from '../shared/base64.ts'

/**
 * Parses the ring. `sizeProblem(kid, bytes)` answers null for a key of an accepted size, else the message; `fail`
 * makes the caller's error. Throws for an entry without a `kid:` prefix, a kid outside `[A-Za-z0-9_-]{1,32}`,
 * a value that is not base64, or a refused size.
 */
export function parseKidRing(
  spec: string,
  sizeProblem: (kid: string, bytes: number) => string | null,
  fail: (message: string) => Error,
): Map<string, Uint8Array> {
  const ring = new Map<string, Uint8Array>()
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.indexOf(':')
    const kid = part.slice(0, at)
    if (at <= 0 || !/^[A-Za-z0-9_-]{1,32}$/.test(kid)) throw fail('key ring entries look like kid:base64')
    let raw: Uint8Array
    try {
      raw = fromBase64(part.slice(at + 1))
    } catch {
      throw fail(`key ${kid} is not base64`)
    }
    const problem = sizeProblem(kid, raw.length)
    if (problem) throw fail(problem)
    ring.set(kid, raw)
  }
  return ring
}
