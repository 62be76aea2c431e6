/**
 * `varco tenant key …` and `varco platform key …` against a database a gateway then serves: the new
 * key is printed once and works, the old one keeps working through --grace, `revoke` is refused by
 * the gateway's next request (its read cache sees the CLI's commit), bad usage exits 2, unknown
 * owners and keys exit 1, and no key ever appears in `list` or on stderr. Four commands run as real
 * processes (the wiring of bin/varco); the rest calls the same command in-process. The grace
 * period's end on the clock is tested in test/contract/key-rotation.contract.ts.
 * @module
 */

import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { KeyUsageError, keyCommand } from '../../edge/key-cli.ts'
import { harness } from './harness.ts'

const NODE = join(process.cwd(), 'node_modules', '.bin', 'node')
const BIN = join(process.cwd(), 'bin', 'varco.mjs')
const NOBODY = '00000000-0000-4000-8000-000000000000'

describe('varco tenant key / platform key', { timeout: 120_000 }, () => {
  let env: NodeJS.ProcessEnv
  let h: Awaited<ReturnType<typeof harness>>
  const run = (...args: string[]) => spawnSync(NODE, [BIN, ...args], { env, encoding: 'utf8', timeout: 30_000 })
  const json = (r: { stdout: string; stderr: string; status: number | null }) => {
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    return JSON.parse(r.stdout)
  }
  /** The same command in-process, on the harness's deps (same database file). */
  const inProcess = async (kind: 'tenant' | 'platform', ...args: string[]) => {
    const out = { stdout: '', stderr: '', status: null as number | null }
    out.status = await keyCommand(kind, args, h.deps, { stdout: (l) => (out.stdout += l), stderr: (l) => (out.stderr += l) })
    return out
  }
  // The CLI stamps with the real clock; the gateway's clock follows it (no waiting).
  const sync = () => h.clock.set(new Date().toISOString())

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'varco-key-cli-'))
    env = { PATH: process.env['PATH'], VARCO_DB_URL: `file:${join(dir, 'varco.db')}` }
    h = await harness({}, { VARCO_DB_URL: env['VARCO_DB_URL'] as string })
  })

  it('tenant: rotate with a grace period, list, revoke; the gateway on the same file follows each step', async () => {
    const t = await h.tenant()
    const status = async (key: string) => (await h.call('GET', `/tenants/${t.id}`, { key, token: await h.token(t.id) })).status
    sync()
    expect(await status(t.key)).toBe(200)

    const r = json(run('tenant', 'key', 'rotate', '--tenant', t.id, '--grace', '1h'))
    expect(Object.keys(r)).toEqual(['id', 'key_id', 'api_key', 'old_keys_end_at'])
    expect(r.api_key).toMatch(/^vk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/)
    sync()
    expect(await status(t.key)).toBe(200)
    expect(await status(r.api_key)).toBe(200)
    h.clock.advance(3_600_000)
    expect(await status(t.key)).toBe(401)

    const listed = await inProcess('tenant', 'list', '--tenant', t.id)
    expect(
      json(listed)
        .keys.map((k: { valid: boolean }) => k.valid)
        .sort(),
    ).toEqual([false, true])
    expect(listed.stdout).not.toContain(r.api_key.slice(16))
    expect(listed.stdout).not.toContain(t.key.slice(16))

    expect(json(run('tenant', 'key', 'revoke', '--tenant', t.id, '--key', `vk_${r.key_id}`))).toMatchObject({
      key_id: r.key_id,
      revoked_at: expect.any(String),
    })
    expect(await status(r.api_key)).toBe(401)
    const fresh = json(await inProcess('tenant', 'rotate', '--tenant', t.id))
    expect(await status(fresh.api_key)).toBe(200)
  })

  it('platform: rotate keeps the old key for the grace period; revoke of one key stops it', async () => {
    const p = await h.platform()
    const status = async (key: string) => (await h.call('GET', '/tenants', { key })).status
    const r = json(run('platform', 'key', 'rotate', '--platform', p.id, '--grace', '15m'))
    expect(r.api_key).toMatch(/^vp_/)
    sync()
    expect(await status(p.key)).toBe(200)
    expect(await status(r.api_key)).toBe(200)
    json(await inProcess('platform', 'revoke', '--platform', p.id, '--key', p.key.slice(3, 15)))
    expect(await status(p.key)).toBe(401)
    expect(await status(r.api_key)).toBe(200)
  })

  it('bad usage exits 2 with the usage text', () => {
    const r = run('tenant', 'key', 'spin', '--tenant', NOBODY)
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain("unknown tenant key command 'spin'")
    expect(r.stderr).toContain('tenant key rotate --tenant <id>')
  })

  it.each([
    [['rotate'], '--tenant is required'],
    [['rotate', '--tenant', NOBODY, '--grace', 'soon'], '--grace must be'],
    [['revoke', '--tenant', NOBODY], '--key is required'],
  ])('tenant key %j is a usage error: %s', async (args, message) => {
    await expect(inProcess('tenant', ...args)).rejects.toThrow(KeyUsageError)
    await expect(inProcess('tenant', ...args)).rejects.toThrow(message)
  })

  it.each([
    ['tenant', ['rotate', '--tenant', NOBODY], 'does not exist'],
    ['tenant', ['rotate', '--tenant', NOBODY, '--grace', '60d'], 'between 0 and 30 days'],
    ['tenant', ['revoke', '--tenant', NOBODY, '--key', '0123456789ab'], 'has no key'],
    ['platform', ['revoke', '--platform', NOBODY, '--key', 'vk_0123456789ab'], 'vp_<key id>'],
  ] as const)('%s key %j exits 1: %s', async (kind, args, message) => {
    const r = await inProcess(kind, ...args)
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(message)
  })
})
