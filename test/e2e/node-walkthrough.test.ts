/**
 * The README walk-through on the real Node entry: while `npm start`'s server runs, the CLI creates a
 * tenant and a token in the same embedded database, and the API accepts them.
 */

import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NODE_BIN, ROOT, type RunningServer, startServer } from './helpers.ts'

describe('Node walk-through: npm start + varco CLI + API', () => {
  let server: RunningServer
  beforeAll(async () => {
    server = await startServer({ runtime: 'node' })
  })
  afterAll(() => server?.stop())

  const cli = (...args: string[]) => {
    const r = spawnSync(NODE_BIN, [join(ROOT, 'bin', 'varco.mjs'), ...args], {
      env: { PATH: process.env['PATH'], VARCO_DB_URL: `file:${join(server.dataDir, 'varco.db')}` },
      encoding: 'utf8',
      timeout: 20_000,
    })
    // One comparison, so a failure shows how the command ended: a signal, a spawn error, its stderr.
    expect({ status: r.status, signal: r.signal, error: r.error?.message, stderr: r.stderr }).toEqual({
      status: 0,
      signal: null,
      error: undefined,
      stderr: '',
    })
    return r.stdout.trim()
  }

  it('serves /status in development mode with the sandbox on', async () => {
    const res = await fetch(`${server.url}/status`)
    // Idle connections are kept longer than a load balancer's usual 60 s, so none is closed under a reused request.
    expect(res.headers.get('keep-alive')).toBe('timeout=65')
    const status = await res.json()
    expect(status).toMatchObject({
      status: 'ok',
      environment: 'development',
      runtime: 'node',
      database: { ok: true, kind: 'file' },
      sandbox: { enabled: true },
    })
  })

  it('accepts a tenant and token made by the CLI while the server is running', async () => {
    const { id, api_key } = JSON.parse(cli('tenant', 'create', '--name', 'Comune di Bugliano', '--tax-id', '00341620508'))
    const token = cli('token', '--tenant', id, '--user', 'mario', '--role', 'admin')
    const headers = { 'x-api-key': api_key, authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const got = await fetch(`${server.url}/tenants/${id}`, { headers })
    expect(got.status).toBe(200)
    expect(await got.json()).toMatchObject({ id, name: 'Comune di Bugliano', active: true })
    const patched = await fetch(`${server.url}/tenants/${id}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ name: 'Comune di Bugliano (PI)' }),
    })
    expect(await patched.json()).toMatchObject({ name: 'Comune di Bugliano (PI)' })
    const noToken = await fetch(`${server.url}/tenants/${id}`, { headers: { 'x-api-key': api_key } })
    expect(noToken.status).toBe(401)
    expect(server.output()).not.toContain(api_key)
    expect(server.output()).not.toContain(token)
  })
})
