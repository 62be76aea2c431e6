/**
 * The shared failed-authentication limit on Node: two gateways on one embedded database file with
 * VARCO_AUTH_FAIL_STORE=database; the default on a local file stays in memory; bad values are refused.
 * @module
 */

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../../edge/env.ts'
import { runSharedThrottleContract, SHARED_LIMIT_ENV } from '../contract/auth-throttle-shared.contract.ts'
import { harness } from './harness.ts'

const file = `file:${join(mkdtempSync(join(tmpdir(), 'varco-auth-shared-')), 'varco.db')}`
runSharedThrottleContract({ name: 'node, one embedded file', make: () => harness({}, { ...SHARED_LIMIT_ENV, VARCO_DB_URL: file }) })

describe('VARCO_AUTH_FAIL_STORE', () => {
  it('defaults to memory on a local database and database on a remote one; refuses other values', async () => {
    const h = await harness({}, { VARCO_AUTH_FAIL_LIMIT: '3' })
    expect(h.deps.authFailures).toBeNull()
    expect(() => parseConfig({ VARCO_AUTH_FAIL_STORE: 'redis' })).toThrow(ConfigError)
    expect(() => parseConfig({ VARCO_AUTH_FAIL_STORE: 'redis' })).toThrow(/VARCO_AUTH_FAIL_STORE/)
  })
})
