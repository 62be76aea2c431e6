import { LibsqlError } from '@libsql/client'
import { describe, expect, it } from 'vitest'
import { withBusyRetry } from '../../../adapters/libsql/busy-retry.ts'

const busy = () => new LibsqlError('SQLite error: database is locked', 'SQLITE_BUSY')

describe('withBusyRetry', () => {
  it('repeats a statement sqld refused with SQLITE_BUSY, after a growing wait, until it passes', async () => {
    const waits: number[] = []
    let calls = 0
    const r = await withBusyRetry(
      async () => {
        if (++calls < 3) throw busy()
        return 'done'
      },
      async (ms) => {
        waits.push(ms)
      },
      [10, 100],
    )
    expect(r).toBe('done')
    expect(calls).toBe(3)
    expect(waits[0]).toBeGreaterThanOrEqual(10)
    expect(waits[0]).toBeLessThan(20)
    expect(waits[1]).toBeGreaterThanOrEqual(100)
  })

  it('gives up after the last wait with the busy error, and never repeats any other error', async () => {
    let calls = 0
    const failWith = (e: Error) => async () => {
      calls++
      throw e
    }
    await expect(withBusyRetry(failWith(busy()), async () => {}, [1, 1])).rejects.toThrow(/SQLITE_BUSY/)
    expect(calls).toBe(3)
    calls = 0
    const constraint = new LibsqlError('UNIQUE constraint failed', 'SQLITE_CONSTRAINT', 'SQLITE_CONSTRAINT_PRIMARYKEY')
    await expect(withBusyRetry(failWith(constraint), async () => {})).rejects.toBe(constraint)
    expect(calls).toBe(1)
  })
})
