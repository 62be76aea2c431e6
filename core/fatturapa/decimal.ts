/**
 * Exact decimal arithmetic for FatturaPA amounts: a value is a bigint of units at a given scale
 * (`{ units: 15000n, scale: 2 }` is 150.00). No floats anywhere; rounding is half-up (away from
 * zero), the rule of SDI's checks 00421/00423 ("per eccesso se la terza cifra è ≥ 5").
 * The model keeps decimals as canonical strings (`'150.00'`): exact, JSON-friendly, round-trippable.
 * @module
 */

export type Dec = { readonly units: bigint; readonly scale: number }

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/

/**
 * Parses a plain decimal string (`'150'`, `'-1.005'`) or a JS number (through its shortest
 * decimal representation, so 0.1 is exactly 0.1). Exponent forms and non-finite numbers → null.
 * @example parseDec('1.50') // { units: 150n, scale: 2 }
 */
export function parseDec(value: string | number): Dec | null {
  let text: string
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null
    text = String(value)
    if (/e/i.test(text)) text = expandExponent(value)
  } else if (typeof value === 'string') {
    text = value.trim()
  } else {
    return null
  }
  const m = DECIMAL.exec(text)
  if (!m) return null
  const frac = m[3] ?? ''
  const digits = `${m[2]}${frac}`
  // Up to 15 digits a double holds the integer exactly, and BigInt(number) is cheaper than parsing the text again.
  const abs = digits.length <= 15 ? BigInt(Number(digits)) : BigInt(digits)
  return { units: m[1] === '-' ? -abs : abs, scale: frac.length }
}

function expandExponent(n: number): string {
  // toFixed is exact for the shortest representation only up to 20 digits; beyond that, refuse.
  const digits = Math.min(20, Math.max(0, -Math.floor(Math.log10(Math.abs(n) || 1)) + 17))
  const fixed = n.toFixed(digits)
  return Number(fixed) === n ? fixed.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '') : 'x'
}

const TEN = 10n
/** 10^0 … 10^40, the scales amounts and rates use (a table: `10n ** BigInt(n)` on every call was a hot spot). */
const POW10: readonly bigint[] = Array.from({ length: 41 }, (_, i) => TEN ** BigInt(i))

function pow10(n: number): bigint {
  return POW10[n] ?? TEN ** BigInt(n)
}

/** The same value at a larger scale (exact). */
export function rescaleUp(d: Dec, scale: number): Dec {
  if (scale < d.scale) throw new RangeError(`rescaleUp to a smaller scale (${d.scale} → ${scale})`)
  return { units: d.units * pow10(scale - d.scale), scale }
}

/** Round half-up (half away from zero) to `scale` decimals. */
export function round(d: Dec, scale: number): Dec {
  if (scale >= d.scale) return rescaleUp(d, scale)
  const div = pow10(d.scale - scale)
  const neg = d.units < 0n
  const abs = neg ? -d.units : d.units
  let q = abs / div
  if ((abs % div) * 2n >= div) q += 1n
  return { units: neg ? -q : q, scale }
}

/** True when `d` has no significant digits beyond `scale` decimals. */
export function fitsScale(d: Dec, scale: number): boolean {
  return d.scale <= scale || d.units % pow10(d.scale - scale) === 0n
}

export function add(a: Dec, b: Dec): Dec {
  const s = Math.max(a.scale, b.scale)
  return { units: rescaleUp(a, s).units + rescaleUp(b, s).units, scale: s }
}

export function sub(a: Dec, b: Dec): Dec {
  return add(a, neg(b))
}

export function neg(a: Dec): Dec {
  return { units: -a.units, scale: a.scale }
}

export function mul(a: Dec, b: Dec): Dec {
  return { units: a.units * b.units, scale: a.scale + b.scale }
}

/** a × p / 100, exact (p is a percentage such as 22.00). */
export function percentOf(a: Dec, p: Dec): Dec {
  return { units: a.units * p.units, scale: a.scale + p.scale + 2 }
}

export function cmp(a: Dec, b: Dec): -1 | 0 | 1 {
  const s = Math.max(a.scale, b.scale)
  const x = rescaleUp(a, s).units
  const y = rescaleUp(b, s).units
  return x < y ? -1 : x > y ? 1 : 0
}

export function isZero(a: Dec): boolean {
  return a.units === 0n
}

export const ZERO: Dec = { units: 0n, scale: 0 }

/** Sum of many values (exact). */
export function sum(values: readonly Dec[]): Dec {
  return values.reduce(add, ZERO)
}

/**
 * Text with at least `minDecimals` and at most `maxDecimals` decimals: rounds half-up beyond the
 * maximum, drops trailing zeros above the minimum.
 * @example format(parseDec('1.5'), 2, 8) // '1.50'; format(parseDec('0.123456789'), 2, 8) // '0.12345679'
 */
export function format(d: Dec, minDecimals: number, maxDecimals: number): string {
  let r = d.scale > maxDecimals ? round(d, maxDecimals) : d
  // trim trailing zeros down to minDecimals
  while (r.scale > minDecimals && r.units % TEN === 0n) r = { units: r.units / TEN, scale: r.scale - 1 }
  if (r.scale < minDecimals) r = rescaleUp(r, minDecimals)
  const neg = r.units < 0n
  const digits = (neg ? -r.units : r.units).toString().padStart(r.scale + 1, '0')
  const int = digits.slice(0, digits.length - r.scale)
  const frac = digits.slice(digits.length - r.scale)
  return `${neg ? '-' : ''}${int}${r.scale > 0 ? `.${frac}` : ''}`
}

/** Parses a value that must be a decimal; throws (a bug) otherwise. For already-validated model strings. */
export function dec(value: string): Dec {
  const d = parseDec(value)
  if (!d) throw new RangeError(`not a decimal: ${value}`)
  return d
}

/** Canonical two-decimal text (Amount2DecimalType, RateType). */
export function fmt2(d: Dec): string {
  return format(round(d, 2), 2, 2)
}

/** Canonical 2–8 decimal text (Amount8DecimalType, QuantitaType). */
export function fmt8(d: Dec): string {
  return format(d, 2, 8)
}
