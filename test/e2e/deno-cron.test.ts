/**
 * Cron expressions on Deno: test/e2e/deno-cron.script.ts runs the shared cases
 * (test/core/cron-expr.cases.ts) with core/cron-expr.ts and croner under `deno run` with no
 * permission, and answers as Node does. The Deno scheduler (edge/local/scheduler.ts) uses that module.
 */

import { describe, expect, it } from 'vitest'
import { evaluateCronCases, INVALID, MATCH_CASES } from '../core/cron-expr.cases.ts'
import { runDenoScript } from './helpers.ts'

describe('cron expressions on Deno', () => {
  it('match and refuse under deno run (no permissions) as on Node', () => {
    const out = runDenoScript<{ runtime: string; fires: boolean[]; accepted: boolean[] }>('test/e2e/deno-cron.script.ts')
    expect(out.runtime).toMatch(/^deno \d/)
    expect(out.fires).toEqual(MATCH_CASES.map((c) => c.fires))
    expect(out.accepted).toEqual(INVALID.map(() => false))
    expect({ fires: out.fires, accepted: out.accepted }).toEqual(evaluateCronCases())
  }, 90_000)
})
