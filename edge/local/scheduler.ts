/**
 * In-process cron for Node and Deno: at each UTC minute it runs the jobs whose expression in
 * SCHEDULES matches, as Cloudflare Cron Triggers do. A job still running is not started again.
 * @module
 */

import { parseCron } from '../../core/cron-expr.ts'
import { runSchedule, SCHEDULES } from '../cron.ts'
import type { Deps } from '../deps/index.ts'

export type Scheduler = { readonly stop: () => Promise<void> }

export function startScheduler(deps: Deps, now: () => Date = () => new Date()): Scheduler {
  const exprs = Object.keys(SCHEDULES).map((source) => {
    const parsed = parseCron(source)
    if (!parsed.ok) throw new Error(`bad cron expression '${source}' in SCHEDULES: ${parsed.error}`)
    return parsed.value
  })
  const running = new Map<string, Promise<unknown>>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  const tick = () => {
    if (stopped) return
    const at = now()
    for (const expr of exprs) {
      if (!expr.matches(at) || running.has(expr.source)) continue
      const p = runSchedule(deps, expr.source)
        .catch((e: unknown) => deps.logger.error('scheduled run failed', { cron: expr.source, error: e }))
        .finally(() => running.delete(expr.source))
      running.set(expr.source, p)
    }
    schedule()
  }
  const schedule = () => {
    const ms = 60_000 - (now().getTime() % 60_000) + 50
    timer = setTimeout(tick, ms)
    ;(timer as { unref?: () => void }).unref?.()
  }
  schedule()
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await Promise.allSettled(running.values())
    },
  }
}
