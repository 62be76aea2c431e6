import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startScheduler } from '../../edge/local/scheduler.ts'
import { harness } from './harness.ts'

describe('in-process scheduler (Node and Deno)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('fires the jobs whose cron expression matches each UTC minute', async () => {
    vi.setSystemTime(new Date('2026-11-23T10:03:30Z'))
    const h = await harness()
    const scheduler = startScheduler(h.deps)
    await vi.advanceTimersByTimeAsync(60_000) // 10:04 — nothing due
    expect(await h.deps.jobRuns.latestPerJob()).toEqual([])
    await vi.advanceTimersByTimeAsync(60_000) // 10:05 — */5 fires
    await vi.waitFor(async () => expect((await h.deps.jobRuns.latestPerJob()).map((r) => r.job)).toEqual(['intermediary-health']))
    await scheduler.stop()
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    expect(await h.deps.jobRuns.latestPerJob()).toHaveLength(1)
  })
})
