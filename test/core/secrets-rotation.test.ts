/**
 * rotateAllSecrets over every store that holds sealed values (in-memory repos): re-sealed under the
 * current key, a value that does not open counted as failed and logged by where it is, never by value,
 * and a value changed between the read and the write left to the newer write (raced).
 * @module
 */

import { describe, expect, it } from 'vitest'
import { jsonLogger } from '../../adapters/log/json-logger.ts'
import { billingSecretContext } from '../../core/billing/settings-store.ts'
import type { StoredCredentials } from '../../core/intermediary-credentials.ts'
import { rtdKeyContext } from '../../core/rtd/deps.ts'
import { rotateAllSecrets, rotationFailed } from '../../core/secrets-rotation.ts'
import type { IntermediaryCredentialsRepo } from '../../ports/intermediary-credentials-repo.port.ts'
import { someSettings } from '../contract/rtd-repo.harness.ts'
import { inMemoryBillingRepo } from '../fakes/in-memory-billing-repo.fake.ts'
import { inMemoryRtdRepo } from '../fakes/in-memory-rtd-repo.fake.ts'
import { inMemoryPaymentsV2Repo, inMemoryProviderConfigRepo, inMemoryTenantBillingRepo, testSecretBox } from '../fakes/payments-v2.fake.ts'

/** Credentials rows whose stored version moves on when `bump` is set (a write between rotate's read and its CAS). */
function credentialsWith(rows: StoredCredentials[], bump = false): IntermediaryCredentialsRepo & { rows: StoredCredentials[] } {
  return {
    rows,
    get: async (t, i) => rows.find((r) => r.tenantId === t && r.intermediary === i) ?? null,
    list: async (t) => rows.filter((r) => r.tenantId === t),
    put: async () => null,
    all: async () => rows.map((r) => ({ ...r })),
    async reseal(t, i, version, sealed) {
      const at = rows.findIndex((r) => r.tenantId === t && r.intermediary === i)
      const row = rows[at]
      if (!row || bump || row.version !== version) return false
      rows[at] = { ...row, sealed: { ...sealed }, version: version + 1 }
      return true
    },
  }
}

describe('rotateAllSecrets', () => {
  it('re-seals every store, counts what does not open or raced, and logs no value', async () => {
    const [k1, k2] = [await testSecretBox('k1'), await testSecretBox('k2')]
    const logs: string[] = []
    const logger = jsonLogger({ level: 'debug', write: (l) => logs.push(l) })
    const stripe = (tenantId: string, version: number): StoredCredentials => ({
      tenantId,
      intermediary: 'stripe',
      sealed: {},
      settings: {},
      version,
      updatedAt: new Date(0),
    })
    const ctx = (t: string) => `tenant:${t}|intermediary:stripe.secret_key`
    const credentials = credentialsWith([
      { ...stripe('t1', 3), sealed: { secret_key: await k1.seal('sk_live_t1_secret', ctx('t1')) } },
      // Sealed for another tenant: does not open here.
      { ...stripe('t2', 1), sealed: { secret_key: await k1.seal('sk_live_t2_secret', ctx('t9')) } },
    ])
    const billing = inMemoryBillingRepo(inMemoryTenantBillingRepo())
    await billing.putSettings(
      new Map([
        ['stripe_secret_key', { value: await k1.seal('sk_live_billing_secret', billingSecretContext('stripe_secret_key')), secret: true }],
        ['iban', { value: 'IT60X0542811101000000123456', secret: false }],
      ]),
    )
    const rtd = inMemoryRtdRepo()
    await rtd.putSettings(someSettings('t1', { subscriptionKeySealed: await k1.seal('apim-secret', rtdKeyContext('t1')) }))
    await rtd.putSettings(someSettings('t2', { subscriptionKeySealed: null }))
    const deps = {
      configs: inMemoryProviderConfigRepo(),
      store: inMemoryPaymentsV2Repo(),
      secretBox: k2,
      logger,
      credentials,
      billing,
      rtd,
    }

    const first = await rotateAllSecrets(deps)
    expect(first.intermediaryCredentials).toEqual({ scanned: 2, resealed: 1, current: 0, failed: 1, raced: 0 })
    expect(first.billingSettings).toEqual({ scanned: 1, resealed: 1, current: 0, failed: 0, raced: 0 })
    expect(first.rtdSubscriptionKeys).toEqual({ scanned: 1, resealed: 1, current: 0, failed: 0, raced: 0 })
    expect(rotationFailed(first)).toBe(true)
    expect(credentials.rows[0]?.version).toBe(4)
    expect(await k2.open(credentials.rows[0]?.sealed['secret_key'] ?? '', ctx('t1'))).toBe('sk_live_t1_secret')
    const setting = (await billing.settings()).get('stripe_secret_key')
    expect(await k2.open(setting?.value ?? '', billingSecretContext('stripe_secret_key'))).toBe('sk_live_billing_secret')
    expect(await k2.open((await rtd.settings('t1'))?.subscriptionKeySealed ?? '', rtdKeyContext('t1'))).toBe('apim-secret')
    expect(logs).toEqual([expect.stringContaining('"tenant_id":"t2"')])
    expect(logs.join('\n')).not.toMatch(/sk_live|apim-secret/)

    const second = await rotateAllSecrets(deps)
    expect(second.intermediaryCredentials).toMatchObject({ current: 1, failed: 1, resealed: 0 })
    expect(second.billingSettings).toMatchObject({ current: 1, resealed: 0 })
    expect(second.rtdSubscriptionKeys).toMatchObject({ current: 1, resealed: 0 })
  })

  it('leaves a value written between the read and the write to the newer write (raced)', async () => {
    const [k1, k2] = [await testSecretBox('k1'), await testSecretBox('k2')]
    const ctx = 'tenant:t1|intermediary:stripe.secret_key'
    const credentials = credentialsWith(
      [
        {
          tenantId: 't1',
          intermediary: 'stripe',
          sealed: { secret_key: await k1.seal('sk_live_x', ctx) },
          settings: {},
          version: 1,
          updatedAt: new Date(0),
        },
      ],
      true,
    )
    const report = await rotateAllSecrets({
      configs: inMemoryProviderConfigRepo(),
      store: inMemoryPaymentsV2Repo(),
      secretBox: k2,
      logger: jsonLogger({ level: 'error', write: () => {} }),
      credentials,
      billing: inMemoryBillingRepo(inMemoryTenantBillingRepo()),
      rtd: inMemoryRtdRepo(),
    })
    expect(report.intermediaryCredentials).toEqual({ scanned: 1, resealed: 0, current: 0, failed: 0, raced: 1 })
    expect(rotationFailed(report)).toBe(false)
  })
})
