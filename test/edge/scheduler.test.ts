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
    const jobs = async () => (await h.deps.jobRuns.latestPerJob()).map((r) => r.job).sort()
    await vi.advanceTimersByTimeAsync(60_000) // 10:04: only the every-minute poller
    await vi.waitFor(async () =>
      expect(await jobs()).toEqual([
        'consume-kafka',
        'dispatch-outbox',
        'poll-payments',
        'process-rtd',
        'reconcile-billing',
        'reconcile-payments-v2',
        'reconcile-rtd',
        'reconcile-sdi',
      ]),
    )
    await vi.advanceTimersByTimeAsync(60_000) // 10:05: */5 fires too
    await vi.waitFor(async () =>
      expect(await jobs()).toEqual([
        'consume-kafka',
        'dispatch-outbox',
        'intermediary-health',
        'poll-payments',
        'process-rtd',
        'reconcile-billing',
        'reconcile-payments-v2',
        'reconcile-rtd',
        'reconcile-sdi',
      ]),
    )
    await scheduler.stop()
    const runs = await h.deps.jobRuns.latestPerJob()
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    expect(await h.deps.jobRuns.latestPerJob()).toEqual(runs)
  })
})
