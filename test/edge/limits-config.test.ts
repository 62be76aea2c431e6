/**
 * The limits added for performance and hardening (read cache TTL, intermediary call timeout, remote
 * database timeout, overload shedding): their defaults, and out-of-range or non-numeric values refused at start-up with a
 * ConfigError naming the variable.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../../edge/env.ts'

const base = { VARCO_ENV: 'test', VARCO_DB_URL: ':memory:' }

const refusal = (env: Record<string, string>) => {
  try {
    parseConfig({ ...base, ...env })
  } catch (e) {
    return e instanceof ConfigError ? e.message : `not a ConfigError: ${String(e)}`
  }
  return null
}

describe('limits configuration', () => {
  it('has the documented defaults', () => {
    expect(parseConfig(base)).toMatchObject({
      VARCO_AUTH_CACHE_TTL_MS: 2000,
      INTERMEDIARY_TIMEOUT_MS: 10_000,
      VARCO_DB_TIMEOUT_MS: 15_000,
      VARCO_MAX_INFLIGHT: 128,
      VARCO_MAX_QUEUE: 1024,
      VARCO_QUEUE_TIMEOUT_MS: 5000,
    })
  })

  it.each([
    ['VARCO_AUTH_CACHE_TTL_MS', '60001'],
    ['VARCO_AUTH_CACHE_TTL_MS', '-1'],
    ['INTERMEDIARY_TIMEOUT_MS', '99'],
    ['INTERMEDIARY_TIMEOUT_MS', 'soon'],
    ['VARCO_DB_TIMEOUT_MS', '99'],
    ['VARCO_DB_TIMEOUT_MS', '600001'],
    ['VARCO_DB_TIMEOUT_MS', 'soon'],
    ['VARCO_MAX_INFLIGHT', '-1'],
    ['VARCO_MAX_QUEUE', '1.5'],
    ['VARCO_QUEUE_TIMEOUT_MS', '600001'],
    ['VARCO_AUTH_FAIL_STORE', 'redis'],
  ])('refuses %s=%s, naming it', (name, value) => {
    expect(refusal({ [name]: value })).toContain(name)
  })

  it('accepts the bounds: 0 turns the cache and the shedding off', () => {
    expect(
      parseConfig({
        ...base,
        VARCO_AUTH_CACHE_TTL_MS: '0',
        VARCO_MAX_INFLIGHT: '0',
        INTERMEDIARY_TIMEOUT_MS: '100',
        VARCO_DB_TIMEOUT_MS: '100',
      }),
    ).toMatchObject({
      VARCO_AUTH_CACHE_TTL_MS: 0,
      VARCO_MAX_INFLIGHT: 0,
      INTERMEDIARY_TIMEOUT_MS: 100,
      VARCO_DB_TIMEOUT_MS: 100,
    })
  })
})
