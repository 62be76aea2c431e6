import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ByteWriter } from '../../core/rtd/bytes.ts'
import { SpillCursor, writeSpillRecord } from '../../core/rtd/spill-records.ts'

const record = fc.record({
  hash: fc.nat({ max: 2 ** 32 - 1 }),
  key: fc.uint8Array({ maxLength: 300 }),
  count: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  total: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
  vat: fc.option(fc.uint8Array({ maxLength: 800 })),
  pos: fc.constantFrom(0, 1, 99),
})

describe('RTD binary spill records', () => {
  it('property: records written then read from pieces cut anywhere come back the same', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 20 }), (recs, cuts) => {
        const w = new ByteWriter(16)
        for (const r of recs) {
          const vat = r.vat ?? new Uint8Array(0)
          writeSpillRecord(w, r.hash, r.key, 0, r.key.length, r.count, r.total, vat, 0, r.vat ? vat.length : -1, r.pos)
        }
        const all = w.take()
        const at = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b)
        const pieces = [0, ...at].map((s, i) => all.subarray(s, at[i] ?? all.length))
        const c = new SpillCursor()
        const got: unknown[] = []
        for (const p of pieces) {
          c.push(p)
          while (c.next()) {
            got.push({
              hash: c.hash,
              key: c.buf.slice(c.keyStart, c.keyStart + c.keyLen),
              count: c.count,
              total: c.total,
              vat: c.vatLen < 0 ? null : c.buf.slice(c.vatStart, c.vatStart + c.vatLen),
              pos: c.pos,
            })
          }
        }
        c.end()
        expect(got).toEqual(recs)
      }),
    )
  })

  it('refuses a run whose last record is cut short', () => {
    const w = new ByteWriter()
    writeSpillRecord(w, 7, new Uint8Array([1, 2, 3]), 0, 3, 1, 2, new Uint8Array(0), 0, 0, 0)
    const c = new SpillCursor()
    c.push(w.take().subarray(0, 20))
    expect(c.next()).toBe(false)
    expect(() => c.end()).toThrow(/cut short/)
  })
})
