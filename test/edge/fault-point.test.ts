/**
 * The test-only VARCO_FAULT_POINT (ports/fault-point.port.ts): refused in production (explicitly or by the
 * default VARCO_ENV), unknown points refused everywhere; outside production the composition root wires it to
 * the runtime's `crash` only, for the named point only. test/e2e/faults/invoice-kill-points.test.ts uses it.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { buildDeps } from '../../edge/deps/index.ts'
import { ConfigError, parseConfig } from '../../edge/env.ts'

const refusal = (env: Record<string, string>) => {
  try {
    parseConfig({ VARCO_DB_URL: ':memory:', JWT_SECRET: 'x'.repeat(40), ...env })
  } catch (e) {
    return e instanceof ConfigError ? e.message : `not a ConfigError: ${String(e)}`
  }
  return null
}

describe('VARCO_FAULT_POINT', () => {
  it('is refused in production, also when VARCO_ENV is left to its default', () => {
    const point = { VARCO_FAULT_POINT: 'invoice.after-number-reserved' }
    expect(refusal({ VARCO_ENV: 'production', ...point })).toContain('VARCO_FAULT_POINT: is a test hook and is refused in production')
    expect(refusal(point)).toContain('VARCO_FAULT_POINT')
    expect(refusal({ VARCO_ENV: 'production' })).toBeNull()
  })

  it('takes only the known points', () => {
    expect(refusal({ VARCO_ENV: 'development', VARCO_FAULT_POINT: 'invoice.after-number-reserved' })).toBeNull()
    expect(refusal({ VARCO_ENV: 'test', VARCO_FAULT_POINT: 'invoice.before-sdi-send' })).toBeNull()
    expect(refusal({ VARCO_ENV: 'development', VARCO_FAULT_POINT: 'anywhere' })).toContain('VARCO_FAULT_POINT')
  })

  it('calls the runtime’s crash at the named point only, and is absent without one or without the variable', async () => {
    const crashes: string[] = []
    const env = { VARCO_ENV: 'test', VARCO_DB_URL: ':memory:', JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'error' }
    const point = { ...env, VARCO_FAULT_POINT: 'invoice.before-sdi-send' }
    const [wired, noCrash, noPoint] = [
      buildDeps(point, { crash: () => crashes.push('killed') }),
      buildDeps(point),
      buildDeps(env, { crash: () => crashes.push('never') }),
    ]
    wired.billing.faultPoint?.('invoice.after-number-reserved')
    expect(crashes).toEqual([])
    wired.billing.faultPoint?.('invoice.before-sdi-send')
    expect(crashes).toEqual(['killed'])
    expect(noCrash.billing.faultPoint).toBeUndefined()
    expect(noPoint.billing.faultPoint).toBeUndefined()
    for (const d of [wired, noCrash, noPoint]) {
      await d.ready
      d.db.close()
    }
  })
})
