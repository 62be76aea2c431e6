/**
 * Cron expressions on Deno: test/e2e/deno-cron.script.ts runs the shared cases
 * (test/core/cron-expr.cases.ts) with core/cron-expr.ts and croner under `deno run` with no
 * permission, and answers as Node does. The Deno scheduler (edge/local/scheduler.ts) uses that module.
 */

import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { evaluateCronCases, INVALID, MATCH_CASES } from '../core/cron-expr.cases.ts'
import { DENO_BIN, DENO_DIR, ROOT } from './helpers.ts'

describe('cron expressions on Deno', () => {
  it('match and refuse under deno run (no permissions) as on Node', () => {
    mkdirSync(DENO_DIR, { recursive: true })
    const r = spawnSync(DENO_BIN, ['run', 'test/e2e/deno-cron.script.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DENO_DIR, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      timeout: 60_000,
    })
    expect(r.status, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}')
    expect(out.runtime).toMatch(/^deno \d/)
    expect(out.fires).toEqual(MATCH_CASES.map((c) => c.fires))
    expect(out.accepted).toEqual(INVALID.map(() => false))
    expect({ fires: out.fires, accepted: out.accepted }).toEqual(evaluateCronCases())
  }, 90_000)
})
