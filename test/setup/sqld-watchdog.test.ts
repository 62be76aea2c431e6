/**
 * The stall watchdog of the test sqld (test/setup/sqld.ts): a sqld that takes connections but answers
 * nothing (SIGSTOP: the kernel still queues the connections) gets one report, with the probes that
 * hung and sqld's threads; a sqld that answers gets none, and neither does one that was stopped.
 * @module
 */

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { startSqld } from './sqld.ts'

describe('sqld stall watchdog', { timeout: 60_000 }, () => {
  it('reports a sqld that stopped answering once, and a live one never', async () => {
    const reportDir = mkdtempSync(join(tmpdir(), 'varco-stall-'))
    const live = await startSqld({ watch: 'live', stallMs: 1000, reportDir })
    const stuck = await startSqld({ watch: 'stuck one', stallMs: 1000, reportDir })
    try {
      process.kill(stuck.pid, 'SIGSTOP')
      const file = join(reportDir, 'sqld-stall-stuck_one.txt')
      await vi.waitFor(() => expect(existsSync(file)).toBe(true), { timeout: 45_000, interval: 200 })
      const report = readFileSync(file, 'utf8')
      expect(report).toMatch(new RegExp(`^sqld ${stuck.url} \\(pid ${stuck.pid}, stuck one\\) stopped answering at `))
      expect(report).toContain('write: NO ANSWER in 1000 ms')
      expect(report).toContain('read: NO ANSWER in 1000 ms')
      expect(report).toContain('--- gdb: thread apply all bt 8')
      await new Promise((r) => setTimeout(r, 3000))
      expect(readdirSync(reportDir)).toEqual(['sqld-stall-stuck_one.txt'])
    } finally {
      process.kill(stuck.pid, 'SIGCONT')
      await Promise.all([live.stop(), stuck.stop()])
    }
  })
})
