import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SpillStore } from '../../ports/rtd-spill.port.ts'
import { memorySpillStore } from '../fakes/rtd-spill.fake.ts'
import { expectedLines, generateRows, row, runAll } from './rtd-gen.ts'

const ABI = new Map([['STPAY', 'LU30726739']])
const all = (chunks: { lines: string[] }[]) => chunks.flatMap((c) => c.lines)

/** Wraps a store to record the length of every run written, in order. */
function measured(inner: SpillStore): SpillStore & { lengths: number[] } {
  const m = {
    lengths: [] as number[],
    ...inner,
    async writeRun(lines: Iterable<string> | AsyncIterable<string>) {
      let n = 0
      const counted = async function* () {
        for await (const l of lines) {
          n++
          yield l
        }
      }
      const id = await inner.writeRun(counted())
      m.lengths.push(n)
      return id
    },
  }
  return m
}

describe('RTD aggregator under a key budget', () => {
  it('gives exactly the in-memory output when spilling (200k rows, 50k keys, maxKeys 1000)', { timeout: 120_000 }, async () => {
    const rows = generateRows(200_000, 50_000, 7)
    const inMemory = await runAll(rows, { abiToFiscalCode: ABI, maxKeys: 1_000_000 })
    const spill = memorySpillStore()
    const progress: number[] = []
    const spilled = await runAll(rows, {
      abiToFiscalCode: ABI,
      maxKeys: 1000,
      spill,
      progressEvery: 997,
      onProgress: (p) => progress.push(p.keysHeld),
    })
    expect(inMemory.aggregation.ok && inMemory.aggregation.value.runsSpilled).toBe(0)
    expect(spilled.aggregation.ok && spilled.aggregation.value.runsSpilled).toBeGreaterThan(40)
    expect(spilled.aggregation.ok && spilled.aggregation.value.peakKeys).toBe(1000)
    expect(Math.max(...progress)).toBeLessThanOrEqual(1000)
    const a = all(spilled.chunks)
    expect(a).toEqual(all(inMemory.chunks))
    expect(a.slice(1).sort()).toEqual(expectedLines(rows, ABI))
    expect(spill.runs.size).toBe(0)
  })

  it('holds at most maxKeys keys at every row, and spills runs of at most maxKeys lines, one per hash partition', {
    timeout: 60_000,
  }, async () => {
    const rows = generateRows(60_000, 30_000, 3)
    const store = measured(memorySpillStore())
    const held: number[] = []
    const r = await runAll(rows, { maxKeys: 500, spill: store, progressEvery: 1, onProgress: (p) => held.push(p.keysHeld) })
    expect(r.aggregation.ok && r.aggregation.value.aggregates).toBe(expectedLines(rows).length)
    expect(held.length).toBe(60_001)
    expect(Math.max(...held)).toBe(500)
    expect(r.aggregation.ok && r.aggregation.value.peakKeys).toBe(500)
    // every run (partitions of a full table, then the final runs of each partition) holds at most maxKeys lines
    expect(r.aggregation.ok && r.aggregation.value.runsSpilled).toBeGreaterThan(50)
    expect(Math.max(...store.lengths)).toBeLessThanOrEqual(500)
    expect(store.lengths.length).toBeGreaterThan(16 * 50)
  })

  it('splits again a partition that still outgrows the budget (2,000 keys, maxKeys 50: three levels of 16)', async () => {
    const rows = generateRows(5_000, 2_000, 11)
    const store = memorySpillStore()
    const spill = measured(store)
    const r = await runAll(rows, { maxKeys: 50, spill })
    const inMemory = await runAll(rows)
    expect(r.aggregation.ok && r.aggregation.value.runsSpilled).toBeGreaterThan(9)
    expect(r.aggregation.ok && r.aggregation.value.peakKeys).toBe(50)
    expect(Math.max(...spill.lengths)).toBeLessThanOrEqual(50)
    expect(all(r.chunks)).toEqual(all(inMemory.chunks))
    expect(all(r.chunks).slice(1).sort()).toEqual(expectedLines(rows))
    expect(store.runs.size).toBe(0)
  })

  it('property: any budget gives the naive GROUP BY, in the same order as in memory', async () => {
    const field = (vals: string[]) => fc.constantFrom(...vals)
    const arbRow = fc
      .record({
        op: field(['00', '01']),
        dateTime: field(['2026-11-21T10:00:00.000Z', '2026-11-22T23:59:59.999+01:00']),
        acquirer: field(['12345', 'STPAY']),
        merchant: field(['m1', 'm2']),
        terminal: field(['t1', 't2', 't3']),
        fiscal: field(['f1', 'f2']),
        vat: field(['', 'v1', 'v2']),
        pos: field(['00', '01']),
        amount: fc.integer({ min: 0, max: 99_999_999_999 }).map(String),
      })
      .map((f) => row(f))
    await fc.assert(
      fc.asyncProperty(fc.array(arbRow, { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 40 }), async (rows, maxKeys) => {
        const r = await runAll(rows, { abiToFiscalCode: ABI, maxKeys })
        expect(all(r.chunks).slice(1).sort()).toEqual(expectedLines(rows, ABI))
        expect(all(r.chunks)).toEqual(all((await runAll(rows, { abiToFiscalCode: ABI })).chunks))
        expect(r.aggregation.ok && r.aggregation.value.peakKeys).toBeLessThanOrEqual(maxKeys)
      }),
      { numRuns: 60 },
    )
  })
})
