/**
 * The operations of the served OpenAPI document, as a fuzzer and a matrix need them: method, path
 * template, whether authenticated, documented statuses, request body (media type, example, schema with
 * `$ref`s resolved), parameters; plus `pathFor` (the template filled with valid or given values) and
 * `checkEnvelope` (the error body is the route's documented envelope).
 * @module
 */

import { expect } from 'vitest'
import { isAgilePath } from '../../../edge/http-errors.ts'

export type Schema = {
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  $ref?: string
  format?: string
  example?: unknown
  enum?: unknown[]
  pattern?: string
  [k: string]: unknown
}
type Param = { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema: Schema }
type RawOp = {
  security?: unknown[]
  parameters?: Param[]
  requestBody?: { content: Record<string, { schema?: Schema; example?: unknown }> }
  responses: Record<string, unknown>
}

export type Operation = {
  readonly method: string
  readonly template: string
  readonly title: string
  readonly authenticated: boolean
  readonly documented: ReadonlySet<number>
  readonly params: readonly Param[]
  readonly body: { readonly type: string; readonly example: unknown; readonly schema: Schema | undefined } | null
}

export type OpenApiDoc = { paths: Record<string, Record<string, RawOp>>; components?: { schemas?: Record<string, Schema> } }

/** `schema` with `$ref`s to components inlined (one level at a time, as deep as the schema goes). */
export function resolve(doc: OpenApiDoc, schema: Schema | undefined, depth = 0): Schema | undefined {
  if (!schema || depth > 8) return schema
  if (schema.$ref) return resolve(doc, doc.components?.schemas?.[schema.$ref.split('/').at(-1) ?? ''], depth + 1)
  return schema
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = []
  for (const [template, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      const [type, media] = Object.entries(op.requestBody?.content ?? {})[0] ?? []
      ops.push({
        method: method.toUpperCase(),
        template,
        title: `${method.toUpperCase()} ${template}`,
        authenticated: (op.security?.length ?? 0) > 0,
        documented: new Set(Object.keys(op.responses).map(Number)),
        params: op.parameters ?? [],
        body: type ? { type, example: media?.example ?? resolve(doc, media?.schema)?.example, schema: resolve(doc, media?.schema) } : null,
      })
    }
  }
  return ops
}

/** A value the parameter's schema accepts: its example, else one made from its format or enum. */
export function validParam(p: Param): string {
  const s = p.schema
  if (s.example !== undefined) return String(s.example)
  if (s.enum?.length) return String(s.enum[0])
  if (s.format === 'uuid') return '2b1f6b34-8a1f-4c49-9c55-3f0e4d0d2a11'
  if (s.format === 'date-time') return '2026-01-01T00:00:00Z'
  return s.type === 'integer' || (Array.isArray(s.type) && s.type.includes('integer')) ? '1' : 'x'
}

/**
 * encodeURIComponent that does not throw on lone surrogates: each is sent as the three bytes a
 * naive UTF-8 encoder would write (`%ED%A0%80` for U+D800), invalid UTF-8 the server must refuse.
 */
export function encodeLoose(s: string): string {
  let out = ''
  for (const ch of s.match(/[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g) ?? []) {
    const u = ch.charCodeAt(0)
    if (ch.length === 1 && u >= 0xd800 && u <= 0xdfff) {
      out += [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 63), 0x80 | (u & 63)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
    } else out += encodeURIComponent(ch)
  }
  return out
}

/** The path of `op` with every path parameter valid, or replaced (raw, URL-encoded here) where `over` says. */
export function pathFor(op: Operation, over: Record<string, string> = {}, query: Record<string, string> = {}): string {
  let path = op.template
  for (const p of op.params.filter((x) => x.in === 'path')) {
    path = path.replace(`{${p.name}}`, encodeLoose(over[p.name] ?? validParam(p)))
  }
  const q: string[] = []
  for (const p of op.params.filter((x) => x.in === 'query')) {
    const v = query[p.name] ?? (p.required ? validParam(p) : undefined)
    if (v !== undefined) q.push(`${p.name}=${encodeLoose(v)}`)
  }
  const qs = q.join('&')
  return qs ? `${path}?${qs}` : path
}

/** Statuses every operation may answer besides its own: 413 (a body over the limit) and 429 (auth failures). */
export const GLOBAL_STATUSES: ReadonlySet<number> = new Set([413, 429])

/**
 * The answer is a documented 4xx (or, when `mayPass`, a documented 2xx or upstream 502/503) of `op`, never a 5xx, and an
 * error is in the route's envelope: `{success:false,error,code}` on the Agile API, problem+json elsewhere.
 */
export function checkAnswer(op: Operation, what: string, r: { status: number; text: string; headers: Headers }, mayPass = false): void {
  const ctx = `${op.title} ${what}: ${r.status} ${r.text.slice(0, 300)}`
  // An input that passes validation may reach an intermediary: its documented 502/503 is the upstream's, not ours.
  const upstream = mayPass && (r.status === 502 || r.status === 503) && op.documented.has(r.status)
  expect(r.status < 500 || upstream, ctx).toBe(true)
  if (!mayPass) expect(r.status >= 400, ctx).toBe(true)
  const documented = op.documented.has(r.status) || GLOBAL_STATUSES.has(r.status) || (op.authenticated && r.status === 401)
  expect(documented, `${ctx} (undocumented status)`).toBe(true)
  if (r.status < 400 || (op.method === 'GET' && !op.authenticated && !r.headers.get('content-type')?.includes('json'))) return
  const body = JSON.parse(r.text) as Record<string, unknown>
  if (isAgilePath(op.template)) {
    expect({ success: body['success'], error: typeof body['error'], code: typeof body['code'] }, ctx).toEqual({
      success: false,
      error: 'string',
      code: 'string',
    })
  } else {
    expect(r.headers.get('content-type'), ctx).toContain('application/problem+json')
    expect({ status: body['status'], code: typeof body['code'], title: typeof body['title'] }, ctx).toEqual({
      status: r.status,
      code: 'string',
      title: 'string',
    })
  }
}
