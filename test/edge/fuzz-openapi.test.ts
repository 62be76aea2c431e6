/**
 * A fuzzer generated from the served /openapi.json, over every operation, in-process against the
 * real app: malformed JSON, a wrong type at each field of the documented example, each required
 * field missing, a body one byte over the limit, 10,000-deep nesting, and NUL, control, bidi and
 * lone-surrogate characters in strings, path and query parameters. Sent with valid credentials
 * (an admin tenant key + JWT; a platform key on the proxy API) so validation is reached, and without.
 * Every answer is a documented 4xx in the route's envelope, never a 5xx, and no table changes
 * (unicode strings in otherwise valid bodies may be stored: those runs only forbid a 5xx).
 * Seeded: FC_SEED=<n> explores other inputs.
 * @module
 */

import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { createNodeXsdValidator } from '../../adapters/fatturapa/xsd/node.ts'
import { isPlatformPath } from '../../edge/middleware/auth.ts'
import type { CallOptions } from '../contract/route-harness.ts'
import {
  deepJson,
  kindsOf,
  leaves,
  MALFORMED_JSON,
  nastyString,
  requiredPaths,
  SEED,
  schemaAt,
  setAt,
  wrongTypeFor,
} from './fuzz/inputs.ts'
import { checkAnswer, type OpenApiDoc, type Operation, operationsOf, pathFor } from './fuzz/operations.ts'
import { harness } from './harness.ts'

const MAX_BODY = 16_384
const RTD_MAX = 4096
const RUNS = Number(process.env['FC_RUNS'] ?? 12)

type H = Awaited<ReturnType<typeof harness>>
let h: H
let doc: OpenApiDoc
let ops: Operation[]
const creds = {} as { admin: CallOptions; platform: CallOptions }

function headersOf(as: CallOptions, type?: string): Record<string, string> {
  return {
    ...(as.key ? { 'x-api-key': as.key } : {}),
    ...(as.token ? { authorization: `Bearer ${as.token}` } : {}),
    ...(type ? { 'content-type': type } : {}),
  }
}

/** Admin tenant credentials, or on the proxy API the platform key every other run. */
const credsFor = (op: Operation, run: number): CallOptions =>
  !op.authenticated ? {} : isPlatformPath(op.template) && run % 2 === 1 ? creds.platform : creds.admin

async function send(op: Operation, path: string, as: CallOptions, body?: string, type = op.body?.type) {
  const headers = headersOf(as, body === undefined ? undefined : type)
  const res = await h.app.request(path, { method: op.method, headers, ...(body === undefined ? {} : { body }) })
  return { status: res.status, text: await res.text(), headers: res.headers }
}

/** Row counts of every table. */
async function counts(): Promise<Record<string, number>> {
  const tables = await h.deps.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
  const out: Record<string, number> = {}
  for (const t of tables.rows) {
    const name = String(t['name'])
    out[name] = Number((await h.deps.db.execute(`SELECT count(*) AS n FROM "${name}"`)).rows[0]?.['n'])
  }
  return out
}

/** Runs `body` and checks that no table gained or lost a row. */
async function writesNothing(body: () => Promise<void>): Promise<void> {
  const before = await counts()
  await body()
  expect(await counts()).toEqual(before)
}

const jsonOps = () => ops.filter((o) => o.body?.type === 'application/json')

beforeAll(async () => {
  h = await harness({ xsd: createNodeXsdValidator }, { VARCO_MAX_BODY_BYTES: String(MAX_BODY), RTD_MAX_INPUT_BYTES: String(RTD_MAX) })
  const t = await h.tenant('Comune di Fuzz')
  creds.admin = { key: t.key, token: await h.token(t.id) }
  creds.platform = { key: (await h.platform('Fuzz platform')).key }
  doc = (await h.call('GET', '/openapi.json')).json as unknown as OpenApiDoc
  ops = operationsOf(doc)
  expect(ops.length).toBeGreaterThan(50)
  // A service and a payment, so the proxy's ids exist for the admin tenant.
  await h.call('POST', '/tenants', { ...creds.admin, body: { name: 'Comune di Fuzz', tax_identification_number: '00341620508' } })
}, 60_000)

describe(`OpenAPI fuzzer (seed ${SEED})`, () => {
  it('malformed JSON bodies: 400 on every JSON route, nothing written', async () => {
    await writesNothing(async () => {
      for (const op of jsonOps()) {
        for (const [i, raw] of MALFORMED_JSON.entries())
          checkAnswer(op, `body ${JSON.stringify(raw)}`, await send(op, pathFor(op), credsFor(op, i), raw))
      }
    })
  }, 120_000)

  it('a wrong type at each field of the documented example: a documented 4xx, nothing written', async () => {
    await writesNothing(async () => {
      for (const op of jsonOps()) {
        // Fields whose schema says which kinds it takes (a field of no stated type accepts anything).
        const fields = leaves(op.body?.example)
          .map(([path, v]) => [path, v, kindsOf(doc, schemaAt(doc, op.body?.schema, path))] as const)
          .filter(([, , kinds]) => kinds === null || kinds.size < 6)
        if (fields.length === 0) continue
        await fc.assert(
          fc.asyncProperty(
            fc
              .nat({ max: fields.length - 1 })
              .chain((i) => fc.tuple(fc.constant(i), wrongTypeFor(fields[i]?.[1], fields[i]?.[2] ?? null), fc.nat())),
            async ([i, value, run]) => {
              const [path] = fields[i] as readonly [Array<string | number>, unknown, unknown]
              const body = JSON.stringify(setAt(op.body?.example, path, value))
              checkAnswer(op, `${path.join('.')} = ${JSON.stringify(value)}`, await send(op, pathFor(op), credsFor(op, run), body))
            },
          ),
          { seed: SEED, numRuns: Math.min(RUNS * 2, fields.length * 4) },
        )
      }
    })
  }, 180_000)

  it('each required field missing: a documented 4xx, nothing written', async () => {
    await writesNothing(async () => {
      for (const op of jsonOps()) {
        for (const [run, path] of requiredPaths(doc, op.body?.schema, op.body?.example).entries()) {
          const body = JSON.stringify(setAt(op.body?.example, path, undefined, true))
          checkAnswer(op, `without ${path.join('.')}`, await send(op, pathFor(op), credsFor(op, run), body))
        }
      }
    })
  }, 120_000)

  it('a body one byte over the limit: 413 stating the limit, declared or streamed, nothing written', async () => {
    await writesNothing(async () => {
      for (const op of ops.filter((o) => o.body && !/\/imports$/.test(o.template))) {
        const limit =
          op.template === '/rtd/submissions'
            ? RTD_MAX
            : op.template.startsWith('/fatturapa/') || op.template === '/sdi/trasmetti'
              ? 8 * 1024 * 1024
              : MAX_BODY
        const big = `{"x":"${'a'.repeat(limit)}"}`
        // The RTD upload streams to disk, and this harness has none (503 before reading): its streamed limit is tested in rtd tests.
        for (const declared of op.template === '/rtd/submissions' ? [true] : [true, false]) {
          const path = pathFor(op)
          const as = op.authenticated ? creds.admin : {}
          const init: RequestInit & { duplex?: 'half' } = declared
            ? { method: op.method, headers: { ...headersOf(as, op.body?.type), 'content-length': String(big.length) }, body: big }
            : {
                method: op.method,
                headers: headersOf(as, op.body?.type),
                body: new Blob([big]).stream(),
                duplex: 'half',
              }
          const res = await h.app.request(path, init)
          const r = { status: res.status, text: await res.text(), headers: res.headers }
          expect(r.status, `${op.title} ${declared ? 'declared' : 'streamed'}: ${r.text.slice(0, 200)}`).toBe(413)
          checkAnswer(op, 'too large', r)
          expect(r.text).toMatch(/larger than \d+ bytes|larger than 8 MB/)
        }
      }
    })
  }, 180_000)

  it('10,000-deep nested arrays and objects: a documented 4xx, nothing written', async () => {
    await writesNothing(async () => {
      for (const op of jsonOps()) {
        for (const [run, raw] of [deepJson(10_000, 'array'), deepJson(10_000, 'object')].entries()) {
          checkAnswer(op, `deep ${run ? 'object' : 'array'}`, await send(op, pathFor(op), credsFor(op, run), raw))
        }
        const first = leaves(op.body?.example)[0]
        if (first) {
          const nested = JSON.stringify(setAt(op.body?.example, first[0], 0)).replace(/0(?=[,}\]][^0]*$)/, deepJson(10_000, 'array'))
          checkAnswer(op, 'deep array in a field', await send(op, pathFor(op), creds.admin, nested))
        }
      }
    })
  }, 120_000)

  it('control, bidi, NUL and lone-surrogate characters in path and query parameters: never a 5xx, nothing written', async () => {
    await writesNothing(async () => {
      for (const op of ops) {
        const params = op.params.filter((p) => p.in === 'path' || p.in === 'query')
        if (params.length === 0) continue
        await fc.assert(
          // '', '.' and '..' change the route itself (no parameter, or a normalised path): not parameter input.
          fc.asyncProperty(
            fc.constantFrom(...params),
            nastyString.filter((v) => !['', '.', '..'].includes(v)),
            fc.nat(),
            async (p, value, run) => {
              const path = p.in === 'path' ? pathFor(op, { [p.name]: value }) : pathFor(op, {}, { [p.name]: value })
              const body = op.body?.type === 'application/json' ? JSON.stringify(op.body.example ?? {}) : op.body ? 'x' : undefined
              const r = await send(op, path, credsFor(op, run), body)
              // Only the parameter is bad, and some accept any text: a documented answer, 2xx included, never a 5xx.
              checkAnswer(op, `${p.in} ${p.name} = ${JSON.stringify(value)}`, r, true)
              if (r.status < 400) expect(op.method, `${op.title} accepted ${JSON.stringify(value)}`).toBe('GET')
            },
          ),
          { seed: SEED, numRuns: RUNS },
        )
      }
    })
  }, 180_000)

  it('without credentials every authenticated route answers 401 before reading the input, nothing written', async () => {
    await writesNothing(async () => {
      for (const op of ops.filter((o) => o.authenticated)) {
        // Small bodies: one over VARCO_MAX_BODY_BYTES gets 413 before authentication (cheaper than a key lookup).
        for (const raw of [undefined, '{', deepJson(1_000, 'array')]) {
          const r = await send(op, pathFor(op), {}, op.body ? raw : undefined)
          expect(r.status, `${op.title}: ${r.text.slice(0, 200)}`).toBe(401)
          checkAnswer(op, 'no credentials', r)
        }
      }
    })
  }, 120_000)

  it('control, bidi, NUL and lone-surrogate characters in JSON strings: a documented answer, never a 5xx', async () => {
    for (const op of jsonOps()) {
      const strings = leaves(op.body?.example).filter(([, v]) => typeof v === 'string')
      if (strings.length === 0) continue
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...strings), nastyString, fc.nat(), async ([path], value, run) => {
          // JSON.stringify writes a lone surrogate as the escape \ud800: the wire carries it, well-formed.
          const body = JSON.stringify(setAt(op.body?.example, path, value))
          checkAnswer(op, `${path.join('.')} = ${JSON.stringify(value)}`, await send(op, pathFor(op), credsFor(op, run), body), true)
        }),
        { seed: SEED, numRuns: RUNS },
      )
    }
  }, 180_000)
})
