import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { newSha256Hasher } from '../../adapters/crypto/sha256-hasher.ts'
import { aggregateRtd, type RejectedRow, type RtdAggregateOptions } from '../../core/rtd/aggregator.ts'
import { memorySpillStore } from '../fakes/rtd-spill.fake.ts'
import { INPUT, row, SENDER } from './rtd-gen.ts'

// The byte path (byte-lines.ts, byte-row.ts, fold.ts foldChunk) must give exactly what the string path gives for the
// decoded text: same result or error, same records in the same order, same rejected rows (line, column, reason, text).

const enc = new TextEncoder()
const ABI = new Map([
  ['STPAY', 'LU30726739'],
  ['FAKE2', 'IT-è-99'],
])

const lineArb = fc.oneof(
  fc
    .record({ m: fc.constantFrom('M1', 'M2', 'Caffè', ' M3', 'M;4'), t: fc.constantFrom('T1', 'T2'), a: fc.integer({ min: 0, max: 999 }) })
    .map(({ m, t, a }) => row({ merchant: m, terminal: t, amount: String(a) })),
  fc.constantFrom(
    row({ acquirer: 'STPAY' }),
    row({ acquirer: 'FAKE2', vat: '' }),
    row({ vat: '###na###' }),
    row({ pos: '01', op: '01' }),
    row({ amount: '99999999999' }),
    row({ amount: '1x' }),
    row({ dateTime: '2026-02-29T10:00:00.000Z' }),
    row({ dateTime: '2026-11-21T19:05:41.000+0130' }),
    row({ bin: '1234567' }),
    row({ fiscal: '' }),
    row({ sender: `${SENDER} ` }),
    row({ sender: 'OTHER' }),
    row({ pan: 'p'.repeat(65) }),
    row({ pan: 'è'.repeat(40) }),
    row({ merchant: '\u00a0M1' }),
    row({ vat: ' v ' }),
    `${row()};`,
    '',
    '# a comment',
    '\ufeff# not stripped mid-file',
    `${row()}${'x'.repeat(400)}`,
    `${row({ merchant: 'é'.repeat(140) })}`,
  ),
)

type Outcome = { ok: boolean; value: unknown; rejected: RejectedRow[] }

async function run(chunks: AsyncIterable<Uint8Array | string>, over: Partial<RtdAggregateOptions>): Promise<Outcome> {
  const rejected: RejectedRow[] = []
  const r = await aggregateRtd(chunks, {
    fileName: INPUT,
    newHasher: newSha256Hasher,
    spill: memorySpillStore(),
    onRejected: (x) => {
      rejected.push(x)
    },
    ...over,
  })
  if (!r.ok) return { ok: false, value: r.error, rejected }
  const records = []
  for await (const rec of r.value.records()) records.push(rec)
  const { lines, comments, rowsRead, rejected: n, aggregates } = r.value
  return { ok: true, value: { records, lines, comments, rowsRead, n, aggregates }, rejected }
}

async function* pieces<T>(all: T[]) {
  yield* all
}

function cut(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
  const out: Uint8Array[] = []
  let from = 0
  for (const c of [...at, bytes.length]) {
    out.push(bytes.slice(from, c))
    from = c
  }
  return out
}

describe('RTD aggregator, bytes against decoded text', () => {
  it('property: same records, counts, rejected rows and errors, whatever the line ends, BOMs and chunk cuts', {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(lineArb, fc.constantFrom('\n', '\r\n', '\r')), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.constantFrom(1, 3, 1000),
        fc.constantFrom(0, 1000),
        fc.boolean(),
        async (lines, boms, cuts, maxKeys, skipLimit, lastEnd) => {
          let text = '\ufeff'.repeat(boms) + lines.map(([l, e]) => l + e).join('')
          if (!lastEnd) text = text.replace(/(\r\n|\r|\n)$/, '')
          const bytes = enc.encode(text)
          const over = { maxKeys, skipLimit, abiToFiscalCode: ABI, maxLineChars: 300 }
          const decoded = new TextDecoder().decode(bytes)
          const asText = await run(pieces(decoded ? [decoded] : []), over)
          const asBytes = await run(pieces(cut(bytes, cuts)), over)
          expect(asBytes).toEqual(asText)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('decodes bad UTF-8 in a row as the stream decoder does, and hashes the raw bytes', async () => {
    const good = enc.encode(`${row()}\n`)
    const bad = enc.encode(`${row({ merchant: 'M\u0001X' })}\n`)
    bad[bad.indexOf(1)] = 0xff
    const bytes = new Uint8Array([...good, ...bad, 0xe2, 10])
    const asBytes = await run(pieces([bytes]), { skipLimit: 5 })
    const asText = await run(pieces([new TextDecoder().decode(bytes)]), { skipLimit: 5 })
    expect(asBytes).toEqual(asText)
    expect(asBytes.ok && (asBytes.value as { records: { merchantId: string }[] }).records.map((r) => r.merchantId).sort()).toEqual([
      'M1',
      'M\ufffdX',
    ])
    expect(asBytes.rejected.map((r) => [r.line, r.text])).toEqual([[3, '\ufffd']])
  })
})
