/** The one reconcile job: reconcilers in order, each in batches within its own budget, counted. */

import { describe, expect, it } from 'vitest'
import { type Reconciler, reconcileJob } from '../../core/jobs/reconcile.ts'

type Item = { readonly id: string; done: boolean }

function queue(name: string, items: Item[], o: { batch: number; max: number; settles: boolean }) {
  const calls: number[] = []
  const r: Reconciler<unknown, Item> = {
    name,
    batch: o.batch,
    maxPerRun: o.max,
    listDue: async (_d, _now, limit) => {
      calls.push(limit)
      return items.filter((i) => !i.done).slice(0, limit)
    },
    idOf: (i) => i.id,
    refresh: async (_d, i) => {
      if (o.settles) i.done = true
      return [`${name}_checked`, ...(o.settles ? [`${name}_changed`] : [])]
    },
  }
  return { r, calls }
}

const items = (n: number, prefix: string): Item[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, done: false }))

describe('reconcileJob', () => {
  it('gives each reconciler its own budget, so a backlog in one does not starve the next', async () => {
    const big = queue('a', items(30, 'a'), { batch: 5, max: 12, settles: true })
    const small = queue('b', items(2, 'b'), { batch: 5, max: 12, settles: true })
    const job = reconcileJob({
      name: 'j',
      description: 'd',
      counters: ['a_checked', 'a_changed', 'b_checked', 'b_changed', 'idle'],
      reconcilers: [big.r, small.r],
    })
    const report = await job.run(undefined, new Date())
    expect(report.counts).toEqual({ a_checked: 12, a_changed: 12, b_checked: 2, b_changed: 2, idle: 0 })
    expect(big.calls).toEqual([5, 5, 2])
    expect(small.calls).toEqual([5])
  })

  it('refreshes an item listed again within one run only once', async () => {
    const stuck = queue('a', items(3, 'a'), { batch: 3, max: 10, settles: false })
    const report = await reconcileJob({ name: 'j', description: 'd', counters: [], reconcilers: [stuck.r] }).run(undefined, new Date())
    expect(report.counts).toEqual({ a_checked: 3 })
    expect(stuck.calls).toEqual([3, 3])
  })
})
