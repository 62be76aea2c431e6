import { createReadStream, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { newSha256Hasher } from '../../adapters/crypto/sha256-hasher.ts'
import type { AggregateRecord } from '../../core/rtd/aggregate.ts'
import { aggregateRtd } from '../../core/rtd/aggregator.ts'
import { parseCstarFileName, type RtdFileName } from '../../core/rtd/file-name.ts'
import { adeChunks, adeFileNames, chunkCount } from '../../core/rtd/output.ts'
import { memorySpillStore } from '../fakes/rtd-spill.fake.ts'
import { generateRows, INPUT, RUN_DATE, runAll } from './rtd-gen.ts'

const HASH = 'a'.repeat(64)

function records(n: number): AsyncIterable<AggregateRecord> {
  return (async function* () {
    for (let i = 0; i < n; i++) {
      yield {
        senderCode: '12345',
        operationType: '00',
        accountingDate: '2026-11-21',
        acquirerId: '12345',
        merchantId: `m${i}`,
        terminalId: 't',
        fiscalCode: 'f',
        count: 1,
        totalAmount: i,
        vat: '',
        posType: '00',
      }
    }
  })()
}

async function collect(n: number, maxRows: number) {
  const out: { number: number; fileName: string; lines: string[] }[] = []
  for await (const c of adeChunks(records(n), { input: INPUT, inputSha256: HASH, transmissionDate: RUN_DATE, maxRows })) {
    const lines: string[] = []
    for await (const l of c.lines) lines.push(l)
    out.push({ number: c.number, fileName: c.fileName, lines })
  }
  return out
}

describe('ADE output chunks', () => {
  it('writes the checksum line first, no header, 13 ;-separated columns', async () => {
    const [c] = await collect(1, 10)
    expect(c?.lines).toEqual([`#sha256sum:${HASH}`, `12345;00;${RUN_DATE};2026-11-21;1;0;978;12345;m0;t;f;;00`])
    expect(c?.fileName).toBe('ADE.12345.TRNLOG.20261123.105837.001.01.csv')
  })

  it.each([
    [0, 3, []],
    [1, 3, [1]],
    [3, 3, [3]],
    [4, 3, [3, 1]],
    [6, 3, [3, 3]],
    [7, 3, [3, 3, 1]],
  ])('%i rows at %i per chunk → rows per chunk %j, each chunk with its own checksum line', async (n, maxRows, sizes) => {
    const chunks = await collect(n, maxRows)
    expect(chunks.map((c) => c.lines.length - 1)).toEqual(sizes)
    expect(chunks.every((c) => c.lines[0] === `#sha256sum:${HASH}`)).toBe(true)
    expect(chunks.map((c) => c.number)).toEqual(sizes.map((_, i) => i + 1))
    expect(chunks.map((c) => c.fileName)).toEqual(adeFileNames(INPUT, n, maxRows))
    expect(chunks.flatMap((c) => c.lines.slice(1).map((l) => l.split(';')[8]))).toEqual(Array.from({ length: n }, (_, i) => `m${i}`))
  })

  it('knows the chunk count up front, and that 99 is the most a name can carry', () => {
    expect(chunkCount(4_000_001)).toEqual({ chunks: 3, fits: true })
    expect(chunkCount(198_000_000)).toEqual({ chunks: 99, fits: true })
    expect(chunkCount(198_000_001)).toEqual({ chunks: 100, fits: false })
    expect(adeFileNames(INPUT, 2_000_001)).toEqual([
      'ADE.12345.TRNLOG.20261123.105837.001.01.csv',
      'ADE.12345.TRNLOG.20261123.105837.001.02.csv',
    ])
  })

  it('refuses to open a chunk before the previous one was read to its end', async () => {
    const it = adeChunks(records(5), { input: INPUT, inputSha256: HASH, transmissionDate: RUN_DATE, maxRows: 2 })
    await it.next()
    await expect(it.next()).rejects.toThrow(/to its end/)
  })

  it('refuses a malformed hash, date or chunk size', async () => {
    const bad = [
      { inputSha256: 'ABC', transmissionDate: RUN_DATE },
      { inputSha256: HASH, transmissionDate: '23/11/2026' },
      { inputSha256: HASH, transmissionDate: RUN_DATE, maxRows: 0 },
    ]
    for (const o of bad) await expect(adeChunks(records(1), { input: INPUT, ...o }).next()).rejects.toThrow(RangeError)
  })

  it('splits a spilled aggregation across chunks with every row once', async () => {
    const rows = generateRows(3_000, 1_000, 5)
    const whole = await runAll(rows, { maxKeys: 100 })
    const split = await runAll(rows, { maxKeys: 100 }, 333)
    const aggregates = (whole.chunks[0]?.lines.length ?? 0) - 1
    expect(aggregates).toBeGreaterThan(900)
    expect(split.chunks.length).toBe(Math.ceil(aggregates / 333))
    expect(split.chunks.flatMap((c) => c.lines.slice(1))).toEqual(whole.chunks[0]?.lines.slice(1))
  })
})

describe('oracle: pagoPA cstar-cli sample (STPAY, fake ABI, dirty VAT and POS type)', () => {
  const dir = new URL('../fixtures/rtd/', import.meta.url)
  const name = 'CSTAR.STPAY.TRNLOG.20261123.105841.001.csv'
  const expected = readFileSync(new URL('ADE.STPAY.TRNLOG.20261123.105841.001.01.csv.expected', dir), 'utf8').split('\n').filter(Boolean)

  it.each([1_000_000, 37])('reproduces the expected aggregates exactly (maxKeys %i)', async (maxKeys) => {
    const input = (parseCstarFileName(name) as { ok: true; value: RtdFileName }).value
    const r = await aggregateRtd(createReadStream(new URL(name, dir)), {
      fileName: input,
      newHasher: newSha256Hasher,
      spill: memorySpillStore(),
      abiToFiscalCode: new Map([['STPAY', 'LU30726739']]),
      maxKeys,
    })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.inputSha256).toBe('838a237229d31a7539a9dc5834905d374b9770d744e1023d166ace3da2145168')
    expect([r.value.rowsRead, r.value.comments, r.value.aggregates]).toEqual([2717, 1, 600])
    const lines: string[] = []
    for await (const c of adeChunks(r.value.records(), {
      input,
      inputSha256: r.value.inputSha256,
      transmissionDate: '2026-11-23',
      maxRows: 250,
    })) {
      expect(c.fileName).toBe(`ADE.STPAY.TRNLOG.20261123.105841.001.0${c.number}.csv`)
      for await (const l of c.lines) lines.push(l)
    }
    expect(lines.filter((l) => l.startsWith('#'))).toEqual(Array(3).fill(`#sha256sum:${r.value.inputSha256}`))
    expect(lines.filter((l) => !l.startsWith('#')).sort()).toEqual([...expected].sort())
  })
})
