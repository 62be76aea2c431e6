/**
 * bench/heap-sampler.ts's reading of a sampling heap profile: each sample goes to the nearest frame of our own
 * code above it (not a package's, not Node's), and the total becomes KB per request at the sampling interval.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { allocationsByOwnFrame, type HeapNode, SAMPLING_INTERVAL } from '../../bench/heap-sampler.ts'

const ROOT = 'file:///repo'
let nextId = 1
const node = (functionName: string, url: string, children: HeapNode[] = []): HeapNode => ({
  id: nextId++,
  callFrame: { functionName, url, lineNumber: 9 },
  children,
})

describe('allocationsByOwnFrame', () => {
  it('charges a package’s or Node’s allocation to the nearest frame of our code above it', () => {
    const inZod = node('runChecks', `${ROOT}/node_modules/zod/v4/core/schemas.js`)
    const inUndici = node('text', 'node:internal/deps/undici/undici')
    const checkout = node('checkout', `${ROOT}/adapters/pagopa/index.ts`, [inZod, inUndici])
    const route = node('', `${ROOT}/edge/routes/citizen.ts`, [checkout])
    const timers = node('processImmediate', 'node:internal/timers')
    const head = node('(root)', '', [route, timers])
    const samples = [
      ...Array.from({ length: 6 }, () => ({ nodeId: inZod.id })),
      ...Array.from({ length: 2 }, () => ({ nodeId: inUndici.id })),
      { nodeId: checkout.id },
      { nodeId: route.id },
      ...Array.from({ length: 10 }, () => ({ nodeId: timers.id })),
    ]
    const { kbPerRequest, top } = allocationsByOwnFrame({ head, samples }, 4, ROOT)
    expect(kbPerRequest).toBe(Math.round(((20 * SAMPLING_INTERVAL) / 1024 / 4) * 10) / 10)
    expect(top.map((t) => [t.frame, t.pct])).toEqual([
      ['(no own frame)', 50],
      ['checkout adapters/pagopa/index.ts:10', 45],
      ['(anonymous) edge/routes/citizen.ts:10', 5],
    ])
    expect(top[1]?.kbPerRequest).toBe(Math.round(((9 * SAMPLING_INTERVAL) / 1024 / 4) * 10) / 10)
  })
})
