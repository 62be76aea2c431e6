/**
 * The `varco rtd aggregate` progress bar (edge/rtd-progress.ts): the rendered line (percentage, rows, MB of the total,
 * MB/s, ETA, keys held, runs spilled), never wider than the terminal; redrawn with `\r` at most ten times a second
 * on a TTY, erased at the end, and never written when the output is not a terminal.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { renderRtdProgress, rtdProgressBar } from '../../edge/rtd-progress.ts'

const view = { rowsRead: 1_234_567, bytesRead: 50_000_000, totalBytes: 200_000_000, keysHeld: 500_000, runsSpilled: 3, elapsedMs: 10_000 }

describe('renderRtdProgress', () => {
  it('shows the share read, rows, MB of the total, MB/s, ETA, keys held and runs spilled', () => {
    expect(renderRtdProgress(view, 200)).toBe(
      '[#####...............]  25% 1,234,567 rows 50.0/200.0 MB 5.0 MB/s ETA 0:30 keys 500,000 runs 3',
    )
    expect(renderRtdProgress({ ...view, bytesRead: 20_000_000, totalBytes: 1e10 }, 200)).toContain('ETA 1:23:10')
  })

  it('has no percentage or ETA when the size is unknown, no rate at time zero, and fits the terminal', () => {
    expect(renderRtdProgress({ ...view, totalBytes: 0 }, 200)).toBe('1,234,567 rows 50.0 MB 5.0 MB/s keys 500,000 runs 3')
    expect(renderRtdProgress({ ...view, elapsedMs: 0 }, 200)).toContain('0.0 MB/s ETA --:--')
    expect(renderRtdProgress(view, 40)).toHaveLength(39)
  })
})

describe('rtdProgressBar', () => {
  const p = { rowsRead: 10, bytesRead: 100, keysHeld: 1, runsSpilled: 0 }

  it('redraws in place at most every 100 ms and erases itself at the end', () => {
    let now = 0
    let written = ''
    const bar = rtdProgressBar(
      {
        isTTY: true,
        columns: 100,
        write: (s) => {
          written += s
        },
      },
      1000,
      () => new Date(now),
    )
    bar.update(p)
    now = 50
    bar.update({ ...p, rowsRead: 20 })
    now = 100
    bar.update({ ...p, rowsRead: 30 })
    bar.clear()
    const draws = written.split('\r').filter(Boolean)
    expect(draws).toHaveLength(3)
    expect(draws[0]).toMatch(/^\[##\.+\]\s+10% 10 rows /)
    expect(draws[1]).toMatch(/ 30 rows /)
    expect(draws[2]).toBe('\x1b[K')
  })

  it('writes nothing when stderr is not a terminal', () => {
    let written = ''
    const bar = rtdProgressBar(
      {
        isTTY: false,
        write: (s) => {
          written += s
        },
      },
      1000,
      () => new Date(0),
    )
    bar.update(p)
    bar.clear()
    expect(written).toBe('')
  })
})
