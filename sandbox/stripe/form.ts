/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracketed keys
 * (`line_items[0][price_data][currency]=eur`, `expand[]=payment_intent`), and readers for the values.
 * @module
 */

export type Form = { [key: string]: string | Form | Form[] | string[] }

/**
 * `a[b][0][c]=v` form fields → nested objects and arrays, as Stripe reads them
 * (`expand[]=x` appends). Keys with numeric segments become arrays.
 */
export function parseStripeForm(body: string): Form {
  const root: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key)
    if (!m) continue
    const path = [m[1] ?? '', ...[...(m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1] ?? '')]
    let node: Record<string, unknown> = root
    path.forEach((seg, i) => {
      const last = i === path.length - 1
      const k = seg === '' ? String(Object.keys(node).length) : seg
      if (last) node[k] = value
      else {
        const next = node[k]
        node[k] = typeof next === 'object' && next !== null ? next : {}
        node = node[k] as Record<string, unknown>
      }
    })
  }
  const arrays = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v
    const o = v as Record<string, unknown>
    const keys = Object.keys(o)
    const mapped = Object.fromEntries(keys.map((k) => [k, arrays(o[k])]))
    return keys.length > 0 && keys.every((k) => /^\d+$/.test(k)) ? keys.sort((a, b) => Number(a) - Number(b)).map((k) => mapped[k]) : mapped
  }
  return arrays(root) as Form
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
export const obj = (v: unknown): Form | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Form) : undefined)
export const stringRecord = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'))

/**
 * The mandate slice's own, simpler reading of the same encoding: `a[b][c]=v` / `a[]=v` → nested
 * objects and lists. It differs from parseStripeForm only on malformed keys and on objects whose
 * keys are all numbers (kept as objects); the readers below accept both shapes.
 */
export function parseForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const segs = key.replace(/\]/g, '').split('[')
    let node: Record<string, unknown> = root
    segs.forEach((seg, i) => {
      const last = i === segs.length - 1
      if (last) {
        if (seg === '') return
        node[seg] = value
        return
      }
      const next = segs[i + 1]
      if (next === '' && i + 1 === segs.length - 1) {
        const list = Array.isArray(node[seg]) ? (node[seg] as string[]) : []
        list.push(value)
        node[seg] = list
        return
      }
      node[seg] = typeof node[seg] === 'object' && node[seg] !== null && !Array.isArray(node[seg]) ? node[seg] : {}
      node = node[seg] as Record<string, unknown>
    })
  }
  return root
}

/** A list of strings, given as `a[]=x` (a list) or `a[0]=x` (an object with numeric keys). */
export const strings = (v: unknown): string[] | undefined => {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string')
  if (typeof v === 'object' && v !== null) return Object.values(v).filter((x): x is string => typeof x === 'string')
  return undefined
}

/** The string entries of an object (`metadata[k]=v`), or {} for anything else. */
export const record = (v: unknown): Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {}
