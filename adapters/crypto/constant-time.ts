/** Constant-time comparison for equal-length secrets (WebCrypto has no timingSafeEqual on all runtimes). @module */

/** Compares two strings without an early exit; different lengths are unequal (length is not secret here). */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a)
  const y = new TextEncoder().encode(b)
  let diff = x.length ^ y.length
  const n = Math.max(x.length, y.length)
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0)
  return diff === 0
}
