/**
 * The Deno entry (edge/deno.ts, as `npm run start:deno` runs it) serves the same app: /status reports
 * runtime 'deno' with a working libSQL file database, and /openapi.json is served.
 * @module
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from './helpers.ts'

describe('Deno entry (edge/deno.ts)', () => {
  let server: RunningServer

  beforeAll(async () => {
    server = await startServer({ runtime: 'deno' })
  }, 30_000)

  afterAll(async () => {
    await server?.stop()
  })

  it('GET /status answers 200 with runtime deno and the database ok', async () => {
    const res = await fetch(`${server.url}/status`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    const body = (await res.json()) as { status: string; runtime: string; database: { ok: boolean } }
    expect(body).toMatchObject({ status: 'ok', runtime: 'deno', database: { ok: true } })
  })

  it('GET /openapi.json answers 200 with the OpenAPI document', async () => {
    const res = await fetch(`${server.url}/openapi.json`)
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> }
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths)).toContain('/status')
  })
})
