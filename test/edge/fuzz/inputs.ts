/**
 * Bad inputs for the OpenAPI fuzzer: malformed JSON texts, a value of the wrong type for a JSON
 * value, bodies with a required field removed, deep nesting, and strings with control and
 * bidirectional characters, NUL and lone surrogates (sent as escaped JSON `\ud800`). Arbitraries
 * are fast-check's; the runs are seeded (FC_SEED, default fixed) so a failure replays.
 * @module
 */

import fc from 'fast-check'
import { type OpenApiDoc, resolve, type Schema } from './operations.ts'

export const SEED = process.env['FC_SEED'] === 'random' ? Date.now() % 2 ** 31 : Number(process.env['FC_SEED'] ?? 1606)

export const MALFORMED_JSON: readonly string[] = [
  '',
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '[1,2',
  'nul',
  '{"a":"\\x00"}',
  '{"a":01}',
  '{"a":NaN}',
  '\u0000',
  '\ufeff{}',
  '{"a":"unterminated}',
  '}{',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
]

/** Strings that break naive handling: NUL and C0/C1 controls, bidi overrides and marks, BOM, surrogates, astral. */
const NASTY: readonly string[] = [
  '\u0000',
  '\u0007\u001b[31m',
  '\r\n',
  '\t',
  '\u0085',
  '\u202e',
  '\u200f',
  '\u2066',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  'e\u0301',
  '%00',
  '../',
  '=cmd|',
  '<script>',
]

export const nastyString = fc
  .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 8 })), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join(''))

type Kind = 'string' | 'number' | 'boolean' | 'null' | 'array' | 'object'

const kindOf = (v: unknown): Kind => (v === null ? 'null' : Array.isArray(v) ? 'array' : (typeof v as Kind))

/** The JSON kinds `schema` accepts (integer counts as number), or null when it does not say. */
export function kindsOf(doc: OpenApiDoc, schema: Schema | undefined): Set<Kind> | null {
  const s = resolve(doc, schema)
  if (!s) return null
  const alts = [...((s['anyOf'] as Schema[] | undefined) ?? []), ...((s['oneOf'] as Schema[] | undefined) ?? [])]
  if (alts.length > 0) {
    const all = new Set<Kind>()
    for (const a of alts) {
      const k = kindsOf(doc, a)
      if (k === null) return null
      for (const x of k) all.add(x)
    }
    return all
  }
  if (s.enum) return new Set(s.enum.map(kindOf))
  if ('const' in s) return new Set([kindOf(s['const'])])
  if (s.type === undefined) return null
  return new Set((Array.isArray(s.type) ? s.type : [s.type]).map((t) => (t === 'integer' ? 'number' : (t as Kind))))
}

/** The schema of the value at `path` inside a body of schema `schema`. */
export function schemaAt(doc: OpenApiDoc, schema: Schema | undefined, path: ReadonlyArray<string | number>): Schema | undefined {
  let s = resolve(doc, schema)
  for (const k of path) {
    if (!s) return undefined
    const alts = [...((s['anyOf'] as Schema[] | undefined) ?? []), ...((s['oneOf'] as Schema[] | undefined) ?? [])].map((a) =>
      resolve(doc, a),
    )
    const holder = [s, ...alts].find((x) => (typeof k === 'number' ? x?.items : x?.properties?.[k]))
    s = resolve(doc, typeof k === 'number' ? holder?.items : holder?.properties?.[k])
  }
  return s
}

/** A JSON value of a kind the field's schema does not accept (of a kind other than `example`'s when it says nothing). */
export function wrongTypeFor(example: unknown, accepted: Set<Kind> | null): fc.Arbitrary<unknown> {
  const all: Record<Kind, fc.Arbitrary<unknown>> = {
    string: fc.string({ maxLength: 4 }),
    number: fc.oneof(fc.integer(), fc.constantFrom(1e308, -0, 0.1)),
    boolean: fc.boolean(),
    null: fc.constant(null),
    array: fc.array(fc.integer(), { maxLength: 2 }),
    object: fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  }
  const ok = accepted ?? new Set([kindOf(example)])
  return fc.oneof(...(Object.entries(all) as Array<[Kind, fc.Arbitrary<unknown>]>).flatMap(([k, a]) => (ok.has(k) ? [] : [a])))
}

/** `[path, value]` of every leaf of an example body (paths as key lists, arrays by index). */
export function leaves(value: unknown, path: Array<string | number> = []): Array<[Array<string | number>, unknown]> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value)
    const inner = entries.flatMap(([k, v]) => leaves(v, [...path, k]))
    return path.length > 0 ? [[path, value], ...inner] : inner
  }
  return path.length > 0 ? [[path, value]] : []
}

/** A copy of `body` with the value at `path` replaced (or removed when `remove`). */
export function setAt(body: unknown, path: ReadonlyArray<string | number>, value: unknown, remove = false): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>
  let at = copy
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>
  const last = path.at(-1) as string | number
  if (remove) delete at[last]
  else at[last] = value
  return copy
}

/** Paths of required properties, from the body schema (top level and one object level down). */
export function requiredPaths(doc: OpenApiDoc, schema: Schema | undefined, example: unknown): string[][] {
  const s = resolve(doc, schema)
  if (!s || typeof example !== 'object' || example === null) return []
  const out: string[][] = []
  for (const name of s.required ?? []) {
    if (!(name in (example as object))) continue
    out.push([name])
    const inner = resolve(doc, s.properties?.[name])
    const sub = (example as Record<string, unknown>)[name]
    for (const n of inner?.required ?? []) if (sub && typeof sub === 'object' && n in sub) out.push([name, n])
  }
  return out
}

/** `depth` nested arrays, or objects `{"a":…}`, as JSON text (built without recursion). */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
}
