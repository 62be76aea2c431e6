/**
 * Per-class figures of a bench:load run: every answer's status and latency (from the moment autocannon
 * built the request to its response), then throughput, p50/p99, 2xx/4xx/5xx and 503 counts per class
 * and overall. Also a timeline (answers per second by status class) to show shedding and recovery.
 * @module
 */

export type ClassRow = {
  readonly name: string
  readonly requests: number
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly ok: number
  readonly c4xx: number
  readonly c5xx: number
  readonly c503: number
}

type Bucket = { latencies: number[]; ok: number; c4xx: number; c5xx: number; c503: number; statuses: Map<number, number> }

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number)

export class ClassStats {
  private readonly buckets = new Map<string, Bucket>()
  private readonly started = performance.now()
  /** Per second since start: [2xx+3xx, 4xx, 503, other 5xx]. */
  readonly timeline: Array<[number, number, number, number]> = []

  record(cls: string, status: number, ms: number): void {
    let b = this.buckets.get(cls)
    if (!b) {
      b = { latencies: [], ok: 0, c4xx: 0, c5xx: 0, c503: 0, statuses: new Map() }
      this.buckets.set(cls, b)
    }
    b.latencies.push(ms)
    b.statuses.set(status, (b.statuses.get(status) ?? 0) + 1)
    const s = Math.floor((performance.now() - this.started) / 1000)
    while (this.timeline.length <= s) this.timeline.push([0, 0, 0, 0])
    const slot = this.timeline[s] as [number, number, number, number]
    if (status < 400) {
      b.ok++
      slot[0]++
    } else if (status < 500) {
      b.c4xx++
      slot[1]++
    } else {
      b.c5xx++
      if (status === 503) {
        b.c503++
        slot[2]++
      } else slot[3]++
    }
  }

  /** Statuses seen per class, e.g. `{ "POST /payments": { "201": 900, "503": 3 } }` (to find what failed). */
  statuses(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.buckets].map(([k, b]) => [k, Object.fromEntries(b.statuses)]))
  }

  rows(durationS: number): { classes: ClassRow[]; overall: ClassRow } {
    const row = (name: string, bs: Bucket[]): ClassRow => {
      const lat = bs.flatMap((b) => b.latencies).sort((a, b) => a - b)
      const sum = (k: 'ok' | 'c4xx' | 'c5xx' | 'c503') => bs.reduce((n, b) => n + b[k], 0)
      return {
        name,
        requests: lat.length,
        rps: Math.round(lat.length / durationS),
        p50: Math.round(percentile(lat, 50) * 10) / 10,
        p99: Math.round(percentile(lat, 99) * 10) / 10,
        ok: sum('ok'),
        c4xx: sum('c4xx'),
        c5xx: sum('c5xx'),
        c503: sum('c503'),
      }
    }
    const classes = [...this.buckets].sort(([a], [b]) => a.localeCompare(b)).map(([k, b]) => row(k, [b]))
    return { classes, overall: row('all', [...this.buckets.values()]) }
  }
}
