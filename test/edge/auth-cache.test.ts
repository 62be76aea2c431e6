/**
 * The read cache in the running app (embedded libSQL file, as `npm start`): a key revoked by another
 * connection to the same file (the CLI, an operator's SQL) is refused by the next request even with
 * the clock standing still and a 60 s bound; a cached key does not keep an expired JWT alive.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { harness } from './harness.ts'

const dir = mkdtempSync(join(tmpdir(), 'varco-auth-cache-'))
const env = { VARCO_DB_URL: `file:${join(dir, 'varco.db')}`, VARCO_AUTH_CACHE_TTL_MS: '60000' }
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('auth read cache (Node, embedded file)', { timeout: 60_000 }, () => {
  it('a tenant key revoked by another connection to the file is 401 on the next request, within the TTL', async () => {
    const gateway = await harness({}, env)
    const operator = await harness({}, env) // a second connection, as the CLI or sqlite3 would be
    const t = await gateway.tenant()
    const token = await gateway.token(t.id, 'viewer')
    expect((await gateway.call('GET', `/tenants/${t.id}`, { key: t.key, token })).status).toBe(200)
    expect((await gateway.call('GET', `/tenants/${t.id}`, { key: t.key, token })).status).toBe(200)
    const keyId = t.key.split('_')[1] as string
    await operator.deps.db.execute({ sql: 'UPDATE api_keys SET revoked_at = ? WHERE key_id = ?', args: [Date.now(), keyId] })
    const r = await gateway.call('GET', `/tenants/${t.id}`, { key: t.key, token })
    expect(r.status).toBe(401)
    expect(r.json).toMatchObject({ code: 'auth.invalid_api_key' })
  })

  it('checks the JWT exp on every request while the key stays cached', async () => {
    const h = await harness({}, env)
    const t = await h.tenant()
    const token = await h.token(t.id, 'viewer', 10)
    expect((await h.call('GET', `/tenants/${t.id}`, { key: t.key, token })).status).toBe(200)
    h.clock.advance(16_000) // past exp and its 5 s tolerance, well inside the cache's 60 s
    const r = await h.call('GET', `/tenants/${t.id}`, { key: t.key, token })
    expect(r.status).toBe(401)
    expect(r.json).toMatchObject({ code: 'auth.token_expired' })
  })
})
