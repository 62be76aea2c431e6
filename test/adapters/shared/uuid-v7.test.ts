/**
 * The gateway's ids (adapters/shared/uuid-v7.ts): RFC 9562 version 7 layout, the injected clock's time in
 * the first 48 bits, strictly increasing as strings for one generator (same millisecond, a clock that steps
 * back, a burst past 4,096 in one millisecond), and accepted where our API takes a UUID.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { uuidV7 } from '../../../adapters/shared/uuid-v7.ts'

const T = Date.parse('2026-12-07T10:00:00.000Z')
const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const msOf = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)

describe('uuidV7', () => {
  it('has the version 7 layout, with the clock’s milliseconds in its first 48 bits', () => {
    const id = uuidV7(() => T)()
    expect(id).toMatch(V7)
    expect(msOf(id)).toBe(T)
    expect(z.string().uuid().safeParse(id).success).toBe(true)
  })

  it('ids of one generator strictly increase: same millisecond, later, a clock stepping back', () => {
    let now = T
    const next = uuidV7(() => now)
    const ids: string[] = []
    for (let i = 0; i < 1000; i++) ids.push(next())
    now = T + 5
    ids.push(next())
    now = T - 60_000 // the clock steps back: the last time seen is kept
    for (let i = 0; i < 10; i++) ids.push(next())
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
    expect(msOf(ids.at(-1) as string)).toBe(T + 5)
    for (const id of ids) expect(id).toMatch(V7)
  })

  it('a burst past 4,096 ids in one millisecond borrows the next millisecond and stays ordered', () => {
    // The same randomness every time: order and uniqueness come from the time and the counter alone.
    const next = uuidV7(
      () => T,
      () => 'ffffffff-ffff-4fff-bfff-ffffffffffff',
    )
    const ids = Array.from({ length: 10_000 }, () => next())
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
    expect(msOf(ids[0] as string)).toBe(T)
    expect(msOf(ids.at(-1) as string)).toBeGreaterThan(T)
  })

  it('keeps 62 random bits: two generators at the same instant do not collide', () => {
    const a = uuidV7(() => T)
    const b = uuidV7(() => T)
    const seen = new Set<string>()
    for (let i = 0; i < 5000; i++) {
      seen.add(a())
      seen.add(b())
    }
    expect(seen.size).toBe(10_000)
  })
})
