/** Constant-time comparison of secrets (node:crypto, available on Node, Deno and Workers with nodejs_compat). @module */

import { timingSafeEqual } from 'node:crypto'

/** Compares two strings without an early exit; different lengths are unequal (length is not secret here). */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  if (x.length !== y.length) {
    timingSafeEqual(x, x) // spend comparable time
    return false
  }
  return timingSafeEqual(x, y)
}
