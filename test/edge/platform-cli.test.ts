/** `varco platform create|revoke` against a database a gateway then serves: key shown once, hash stored, revoke → 401. @module */

import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openDb } from '../../adapters/libsql/client.ts'
import { harness } from './harness.ts'

const NODE = join(process.cwd(), 'node_modules', '.bin', 'node')
const BIN = join(process.cwd(), 'bin', 'varco.mjs')

describe('varco platform', { timeout: 120_000 }, () => {
  let dir: string
  let env: NodeJS.ProcessEnv
  const run = (...args: string[]) => spawnSync(NODE, [BIN, 'platform', ...args], { env, encoding: 'utf8', timeout: 20_000 })

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'varco-platform-cli-'))
    env = { PATH: process.env['PATH'], VARCO_DB_URL: `file:${join(dir, 'varco.db')}` }
  })

  it('creates a platform, prints id and vp_ key once, stores only a hash; the key works alone until revoked', async () => {
    const r = run('create', '--name', 'Opencity Italia')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(Object.keys(out)).toEqual(['id', 'api_key'])
    expect(out.api_key).toMatch(/^vp_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/)
    const db = openDb({ url: env['VARCO_DB_URL'] as string })
    const rows = await db.execute('SELECT k.key_id, k.hash, p.name FROM platform_keys k JOIN platforms p ON p.id = k.platform_id')
    db.close()
    expect(rows.rows).toHaveLength(1)
    expect(rows.rows[0]?.['name']).toBe('Opencity Italia')
    expect(rows.rows[0]?.['hash']).not.toBe(out.api_key)
    expect(readFileSync(join(dir, 'varco.db')).includes(Buffer.from(out.api_key.slice(16)))).toBe(false)

    const h = await harness({}, { VARCO_DB_URL: env['VARCO_DB_URL'] as string })
    expect((await h.call('GET', '/tenants', { key: out.api_key })).status).toBe(200)
    const revoked = run('revoke', '--id', out.id)
    expect(revoked.status).toBe(0)
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id: out.id, revoked_at: expect.any(String) })
    expect((await h.call('GET', '/tenants', { key: out.api_key })).status).toBe(401)
    expect(run('revoke', '--id', out.id).status).toBe(0)
  })

  it.each([
    [['create'], 2, '--name is required'],
    [['revoke', '--id', '00000000-0000-4000-8000-000000000000'], 1, 'does not exist'],
    [['rotate'], 2, 'unknown platform command'],
  ])('varco platform %j exits %i explaining %s', (args, code, message) => {
    const r = run(...args)
    expect(r.status).toBe(code)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(message)
  })
})
