/**
 * What both children of `npm run bench:rtd` share: a peak-RSS sampler (process.memoryUsage().rss every 100 ms, and the
 * kernel's own high-water mark from process.resourceUsage().maxRSS at the end, whichever is higher) and the one JSON
 * line a child prints on stdout for the parent to read.
 * @module
 */

export type ChildResult = {
  readonly engine: string
  /** Seconds from the start of the work (after the process and its modules loaded) to the last output byte written. */
  readonly seconds: number
  readonly peakRssBytes: number
  readonly aggregates: number
  readonly rows?: number
  readonly outputBytes?: number
  readonly note?: string
}

export const RESULT_PREFIX = 'BENCH_RTD_RESULT '

/** Starts sampling; `stop()` ends it and returns the peak RSS in bytes. */
export function rssSampler(everyMs = 100): { stop(): number } {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, everyMs)
  timer.unref()
  return {
    stop() {
      clearInterval(timer)
      return Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024)
    },
  }
}

export function printResult(r: ChildResult): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(r)}\n`)
}
