/**
 * Redaction applied to every log line: secret-named fields are replaced, and values that look like
 * API keys (tenant `vk_…`, platform `vp_…`), JWTs, bearer tokens, IBANs or personal codici fiscali are masked wherever they appear.
 * @module
 */

const SECRET_KEY = /(api[-_]?key|authorization|token|secret|password|passwd|cookie|iban|private[-_]?key|signature)/i

const PATTERNS: ReadonlyArray<readonly [RegExp, (m: string) => string]> = [
  [/\bv[kp]_([0-9a-f]{12})_[A-Za-z0-9_-]{43}\b/g, (m) => `${m.slice(0, 15)}_[redacted]`],
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, () => '[jwt redacted]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, (m) => `${m.split(/\s/)[0]} [redacted]`],
  [/\b(sk|rk|whsec|pk)_(live|test)_[A-Za-z0-9]+/g, (m) => `${m.split('_').slice(0, 2).join('_')}_[redacted]`],
  [/\b[A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]){11,30}\b/g, (m) => maskIban(m)],
  [/\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPR-T][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b/g, () => '[cf redacted]'],
]

/** `IT60X0542811101000000123456` → `IT60****3456`. */
export function maskIban(iban: string): string {
  const compact = iban.replace(/\s/g, '')
  return `${compact.slice(0, 4)}****${compact.slice(-4)}`
}

/**
 * Cheap pre-checks: a string matching neither cannot match any pattern above. The IBAN and codice
 * fiscale patterns are upper case only, and so is their check, so lower-case ids and paths (UUIDs,
 * `/tenants/<uuid>`: most of an access log line) skip the replacements.
 */
const MAYBE_SECRET = /v[kp]_|eyJ|bearer|basic|_(live|test)_/i
const MAYBE_IBAN_OR_CF = /[A-Z]{2}[0-9]{2}|[A-Z]{6}[0-9LMNPQRSTUV]{2}/

export function redactString(value: string): string {
  if (value.length < 8 || !(MAYBE_SECRET.test(value) || MAYBE_IBAN_OR_CF.test(value))) return value
  let out = value
  for (const [re, fn] of PATTERNS) out = out.replace(re, fn)
  return out
}

/** Deep copy of `value` with secrets removed. Cycles and depth are bounded. */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean' || value === undefined) return value
  if (depth > 6) return '[depth]'
  if (typeof value === 'string') return redactString(value)
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) }
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redact(v, depth + 1))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = redactField(k, v, depth + 1)
    return out
  }
  return value
}

/** True when a field of this name holds a secret (its value is logged as `[redacted]`). */
export const isSecretField = (key: string): boolean => SECRET_KEY.test(key)

/** The value of field `key`, redacted whole when the name says it is secret. */
export function redactField(key: string, value: unknown, depth = 0): unknown {
  if (SECRET_KEY.test(key) && value !== null && value !== undefined && typeof value !== 'boolean') return '[redacted]'
  return redact(value, depth)
}
