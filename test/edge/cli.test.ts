import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as jose from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { openDb } from '../../adapters/libsql/client.ts'
import { MIGRATIONS } from '../../adapters/libsql/migrations.ts'

const NODE = join(process.cwd(), 'node_modules', '.bin', 'node')
const BIN = join(process.cwd(), 'bin', 'varco.mjs')

describe('varco CLI', { timeout: 120_000 }, () => {
  let dir: string
  let env: NodeJS.ProcessEnv
  const run = (...args: string[]) => spawnSync(NODE, [BIN, ...args], { env, encoding: 'utf8', timeout: 20_000 })

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'varco-cli-'))
    env = { PATH: process.env['PATH'], VARCO_DB_URL: `file:${join(dir, 'varco.db')}` }
  })

  it('creates a tenant, prints id and key once, and stores only a hash of the key', async () => {
    const r = run(
      'tenant',
      'create',
      '--name',
      'Comune di Bugliano',
      '--tax-id',
      '00341620508',
      '--id',
      '2b1f6b34-8a1f-4c49-9c55-3f0e4d0d2a11',
    )
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(Object.keys(out)).toEqual(['id', 'api_key'])
    expect(out.id).toBe('2b1f6b34-8a1f-4c49-9c55-3f0e4d0d2a11')
    expect(out.api_key).toMatch(/^vk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/)
    const db = openDb({ url: env['VARCO_DB_URL'] as string })
    const rows = await db.execute('SELECT key_id, hash FROM api_keys')
    db.close()
    expect(rows.rows).toHaveLength(1)
    expect(rows.rows[0]?.['hash']).not.toBe(out.api_key)
    expect(readFileSync(join(dir, 'varco.db')).includes(Buffer.from(out.api_key.slice(16)))).toBe(false)
  })

  it('signs a token with the shared development secret, with the requested claims and ttl', async () => {
    const r = run('token', '--tenant', '2b1f6b34-8a1f-4c49-9c55-3f0e4d0d2a11', '--user', 'u-9', '--role', 'operator', '--ttl', '15m')
    expect(r.status).toBe(0)
    const secretFile = join(dir, 'dev-jwt-secret')
    expect(statSync(secretFile).mode & 0o777).toBe(0o600)
    const secret = new TextEncoder().encode(readFileSync(secretFile, 'utf8').trim())
    const { payload, protectedHeader } = await jose.jwtVerify(r.stdout.trim(), secret, { algorithms: ['HS256'] })
    expect(protectedHeader.alg).toBe('HS256')
    expect(payload).toMatchObject({ user_id: 'u-9', tenant_id: '2b1f6b34-8a1f-4c49-9c55-3f0e4d0d2a11', role: 'operator' })
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(900)
  })

  it('uses JWT_SECRET when it is set', async () => {
    const secret = 'configured-secret-0123456789-abcdefghij'
    const r = spawnSync(NODE, [BIN, 'token', '--tenant', '2b1f6b34-8a1f-4c49-9c55-3f0e4d0d2a11', '--user', 'u', '--role', 'admin'], {
      env: { ...env, JWT_SECRET: secret },
      encoding: 'utf8',
    })
    await expect(jose.jwtVerify(r.stdout.trim(), new TextEncoder().encode(secret))).resolves.toBeDefined()
  })

  it.each([
    [['tenant', 'create', '--name', 'X', '--tax-id', '00341620509'], 1, 'tax_identification_number'],
    [['tenant', 'create', '--name', 'X', '--tax-id', '00341620508', '--id', '2b1f6b34-8a1f-4c49-9c55-3f0e4d0d2a11'], 1, 'already exists'],
    [['tenant', 'create', '--tax-id', '00341620508'], 2, '--name is required'],
    [['token', '--tenant', '2b1f6b34-8a1f-4c49-9c55-3f0e4d0d2a11', '--user', 'u', '--role', 'root'], 2, '--role must be'],
    [['token', '--tenant', '2b1f6b34-8a1f-4c49-9c55-3f0e4d0d2a11', '--user', 'u', '--role', 'admin', '--ttl', '1y'], 2, '--ttl'],
    [['token', '--tenant', '00000000-0000-4000-8000-000000000000', '--user', 'u', '--role', 'admin'], 1, 'does not exist'],
    [['frobnicate'], 2, 'unknown command'],
  ])('varco %j exits %i explaining %s', (args, code, message) => {
    const r = run(...args)
    expect(r.status).toBe(code)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(message)
  })

  it('migrate is idempotent', () => {
    const first = JSON.parse(run('migrate').stdout)
    expect(first).toEqual({ applied: [], current: Math.max(...MIGRATIONS.map((m) => m.version)) })
  })

  it('prints the OpenAPI document', () => {
    const doc = JSON.parse(execFileSync(NODE, [BIN, 'openapi'], { env, encoding: 'utf8' }))
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.paths['/tenants/{id}']).toBeDefined()
  })
})
