/**
 * The progress bar of `varco rtd aggregate` on a terminal: one line, redrawn in place with `\r` at most every
 * `minIntervalMs` (100 ms: ten times a second), cleared at the end. `renderRtdProgress` is a pure function of the
 * counters so it can be tested without a terminal; `rtdProgressBar` draws it on a TTY and does nothing elsewhere.
 * @module
 */

import type { Clock } from '../ports/clock.port.ts'

export type RtdProgressView = {
  readonly rowsRead: number
  readonly bytesRead: number
  /** Size of the input file (0 when unknown: no percentage, no ETA). */
  readonly totalBytes: number
  readonly keysHeld: number
  readonly runsSpilled: number
  readonly elapsedMs: number
}

export type Tty = { readonly isTTY: boolean; readonly columns?: number | undefined; write(s: string): void }

const MB = 1_000_000
const thousands = (n: number) => Math.round(n).toLocaleString('en-US')

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/**
 * One line, at most `columns - 1` characters (so the terminal never wraps it).
 * @example renderRtdProgress({ rowsRead: 1000, bytesRead: 5e6, totalBytes: 1e7, keysHeld: 10, runsSpilled: 0, elapsedMs: 1000 }, 120)
 * // '[##########..........]  50% 1,000 rows 5.0/10.0 MB 5.0 MB/s ETA 0:01 keys 10 runs 0'
 */
export function renderRtdProgress(p: RtdProgressView, columns = 80): string {
  const seconds = p.elapsedMs / 1000
  const rate = seconds > 0 ? p.bytesRead / seconds : 0
  const parts: string[] = []
  if (p.totalBytes > 0) {
    const ratio = Math.min(1, p.bytesRead / p.totalBytes)
    const filled = Math.round(ratio * 20)
    parts.push(`[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%`)
  }
  parts.push(`${thousands(p.rowsRead)} rows`)
  parts.push(
    p.totalBytes > 0 ? `${(p.bytesRead / MB).toFixed(1)}/${(p.totalBytes / MB).toFixed(1)} MB` : `${(p.bytesRead / MB).toFixed(1)} MB`,
  )
  parts.push(`${(rate / MB).toFixed(1)} MB/s`)
  if (p.totalBytes > 0) parts.push(`ETA ${rate > 0 ? duration((p.totalBytes - p.bytesRead) / rate) : '--:--'}`)
  parts.push(`keys ${thousands(p.keysHeld)}`, `runs ${p.runsSpilled}`)
  const line = parts.join(' ')
  const width = Math.max(10, columns - 1)
  return line.length > width ? line.slice(0, width) : line
}

export type ProgressBar = {
  update(p: Omit<RtdProgressView, 'elapsedMs' | 'totalBytes'>): void
  /** Erases the bar (when one was drawn). */
  clear(): void
}

/** A bar on `tty` when it is a terminal, a no-op otherwise. */
export function rtdProgressBar(tty: Tty, totalBytes: number, clock: Clock, minIntervalMs = 100): ProgressBar {
  if (!tty.isTTY) return { update() {}, clear() {} }
  const started = clock().getTime()
  let last = Number.NEGATIVE_INFINITY
  let drawn = false
  return {
    update(p) {
      const now = clock().getTime()
      if (now - last < minIntervalMs) return
      last = now
      drawn = true
      tty.write(`\r${renderRtdProgress({ ...p, totalBytes, elapsedMs: now - started }, tty.columns || 80)}\x1b[K`)
    },
    clear() {
      if (drawn) tty.write('\r\x1b[K')
      drawn = false
    },
  }
}
