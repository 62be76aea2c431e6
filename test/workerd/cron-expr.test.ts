/** The cron expression cases (test/core/cron-expr.cases.ts) inside workerd: croner answers as on Node. @module */

import { describe, expect, it } from 'vitest'
import { evaluateCronCases, INVALID, MATCH_CASES } from '../core/cron-expr.cases.ts'

describe('cron expressions in workerd', () => {
  it('match and refuse as the shared cases say', () => {
    const r = evaluateCronCases()
    expect(r.fires).toEqual(MATCH_CASES.map((c) => c.fires))
    expect(r.accepted).toEqual(INVALID.map(() => false))
  })
})
