/** `varco keys rotate` and `varco tenant billing` against a file database, as an operator runs them. */

import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { libsqlBillingRepo } from '../../adapters/libsql/billing-repo.ts'
import { openDb } from '../../adapters/libsql/client.ts'
import { libsqlIntermediaryCredentialsRepo } from '../../adapters/libsql/intermediary-credentials-repo.ts'
import { libsqlProviderConfigRepo } from '../../adapters/libsql/provider-config-repo.ts'
import { libsqlRtdRepo } from '../../adapters/libsql/rtd-repo.ts'
import { billingSecretContext } from '../../core/billing/settings-store.ts'
import { credentialContext } from '../../core/intermediary-credentials.ts'
import { secretContext } from '../../core/payments-v2/model.ts'
import { rtdKeyContext } from '../../core/rtd/deps.ts'
import { someSettings } from '../contract/rtd-repo.harness.ts'
import { TEST_KEY_RING, testSecretBox } from '../fakes/payments-v2.fake.ts'

const NODE = join(process.cwd(), 'node_modules', '.bin', 'node')
const BIN = join(process.cwd(), 'bin', 'varco.mjs')
const TENANT = '7c9e6679-7425-40de-944b-e07fc1f90ae7'

describe('varco keys rotate / tenant billing', { timeout: 60_000 }, () => {
  let env: NodeJS.ProcessEnv
  const run = (extra: Record<string, string>, ...args: string[]) =>
    spawnSync(NODE, [BIN, ...args], { env: { ...env, ...extra }, encoding: 'utf8', timeout: 20_000 })

  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'varco-v2-cli-'))
    env = { PATH: process.env['PATH'], VARCO_DB_URL: `file:${join(dir, 'varco.db')}`, VARCO_ENCRYPTION_KEYS: TEST_KEY_RING }
    const r = run({}, 'tenant', 'create', '--name', 'Comune di Bugliano', '--tax-id', '00341620508', '--id', TENANT)
    expect(r.status, r.stderr).toBe(0)
  })

  it('re-seals provider secrets under the current key, then finds everything current', async () => {
    const k1 = await testSecretBox('k1')
    const db = openDb({ url: env['VARCO_DB_URL'] as string })
    await libsqlProviderConfigRepo(db).put({
      tenantId: TENANT,
      provider: 'stripe',
      apiKeySealed: await k1.seal('sk_live_rotate_me_0001', secretContext(TENANT, 'stripe', 'api_key')),
      webhookSecretSealed: await k1.seal('whsec_rotate_me_0001', secretContext(TENANT, 'stripe', 'webhook_secret')),
      apiKeyLast4: '0001',
      updatedAt: new Date(),
    })
    const first = run({ VARCO_ENCRYPTION_KEY_ID: 'k2' }, 'keys', 'rotate')
    expect(first.status, first.stderr).toBe(0)
    expect(JSON.parse(first.stdout)).toMatchObject({ keyId: 'k2', providerConfigs: { scanned: 1, resealed: 1, current: 0, failed: 0 } })
    expect(first.stdout + first.stderr).not.toContain('sk_live_rotate_me')
    const row = await libsqlProviderConfigRepo(db).get(TENANT)
    expect(row?.apiKeySealed.startsWith('v1.k2.')).toBe(true)
    expect(await (await testSecretBox('k2')).open(row?.apiKeySealed ?? '', secretContext(TENANT, 'stripe', 'api_key'))).toBe(
      'sk_live_rotate_me_0001',
    )
    const second = run({ VARCO_ENCRYPTION_KEY_ID: 'k2' }, 'keys', 'rotate')
    expect(JSON.parse(second.stdout)).toMatchObject({ providerConfigs: { scanned: 1, resealed: 0, current: 1, failed: 0 } })
    // Without the key the values were sealed with, rotation reports failures and exits 1.
    const lost = run({ VARCO_ENCRYPTION_KEYS: TEST_KEY_RING.split(',')[0] ?? '', VARCO_ENCRYPTION_KEY_ID: 'k1' }, 'keys', 'rotate')
    expect(lost.status).toBe(1)
    expect(JSON.parse(lost.stdout)).toMatchObject({ providerConfigs: { failed: 1 } })
    db.close()
  })

  it('re-seals the intermediary credentials, billing secrets and RTD subscription keys too', async () => {
    const [k1, k2] = [await testSecretBox('k1'), await testSecretBox('k2')]
    const db = openDb({ url: env['VARCO_DB_URL'] as string })
    const creds = libsqlIntermediaryCredentialsRepo(db)
    const sk = credentialContext(TENANT, 'stripe', 'secret_key')
    const wh = credentialContext(TENANT, 'stripe', 'webhook_secret')
    await creds.put({
      tenantId: TENANT,
      intermediary: 'stripe',
      sealed: { secret_key: await k1.seal('sk_live_tenant_0002', sk), webhook_secret: await k1.seal('whsec_tenant_0002', wh) },
      settings: {},
      updatedAt: new Date(),
    })
    const billing = libsqlBillingRepo(db)
    await billing.putSettings(
      new Map([
        ['stripe_secret_key', { value: await k1.seal('sk_live_billing_0003', billingSecretContext('stripe_secret_key')), secret: true }],
      ]),
    )
    const rtd = libsqlRtdRepo(db)
    await rtd.putSettings(someSettings(TENANT, { subscriptionKeySealed: await k1.seal('apim-key-0004', rtdKeyContext(TENANT)) }))

    const first = run({ VARCO_ENCRYPTION_KEY_ID: 'k2' }, 'keys', 'rotate')
    expect(first.status, first.stderr).toBe(0)
    const once = { scanned: 1, resealed: 1, current: 0, failed: 0, raced: 0 }
    expect(JSON.parse(first.stdout)).toMatchObject({ intermediaryCredentials: once, billingSettings: once, rtdSubscriptionKeys: once })
    expect(first.stdout + first.stderr).not.toMatch(/sk_live|whsec_tenant|apim-key/)

    const stored = await creds.get(TENANT, 'stripe')
    expect(stored?.version).toBe(2)
    expect(await k2.open(stored?.sealed['secret_key'] ?? '', sk)).toBe('sk_live_tenant_0002')
    expect(await k2.open(stored?.sealed['webhook_secret'] ?? '', wh)).toBe('whsec_tenant_0002')
    const setting = (await billing.settings()).get('stripe_secret_key')
    expect(await k2.open(setting?.value ?? '', billingSecretContext('stripe_secret_key'))).toBe('sk_live_billing_0003')
    const rtdKey = (await rtd.settings(TENANT))?.subscriptionKeySealed ?? ''
    expect(rtdKey.startsWith('v1.k2.')).toBe(true)
    expect(await k2.open(rtdKey, rtdKeyContext(TENANT))).toBe('apim-key-0004')

    const second = run({ VARCO_ENCRYPTION_KEY_ID: 'k2' }, 'keys', 'rotate')
    const current = { scanned: 1, resealed: 0, current: 1, failed: 0 }
    expect(JSON.parse(second.stdout)).toMatchObject({
      intermediaryCredentials: current,
      billingSettings: current,
      rtdSubscriptionKeys: current,
    })
    // A credential written meanwhile wins over the re-seal: the compare-and-set on its version fails.
    expect(await creds.reseal(TENANT, 'stripe', 1, { secret_key: 'v1.k2.stale' })).toBe(false)
    expect((await creds.get(TENANT, 'stripe'))?.sealed['secret_key']).toBe(stored?.sealed['secret_key'])
    db.close()
  })

  it('sets a tenant billing status, refusing unknown statuses and tenants', async () => {
    const ok = run({}, 'tenant', 'billing', '--id', TENANT, '--status', 'suspended')
    expect(ok.status, ok.stderr).toBe(0)
    expect(JSON.parse(ok.stdout)).toEqual({ id: TENANT, billing_status: 'suspended' })
    const db = openDb({ url: env['VARCO_DB_URL'] as string })
    expect((await db.first({ sql: 'SELECT billing_status FROM tenants WHERE id = ?', args: [TENANT] }))?.['billing_status']).toBe(
      'suspended',
    )
    db.close()
    expect(run({}, 'tenant', 'billing', '--id', TENANT, '--status', 'frozen').status).toBe(2)
    expect(run({}, 'tenant', 'billing', '--id', crypto.randomUUID(), '--status', 'active').status).toBe(1)
  })
})
