import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { newSha256Hasher } from '../../adapters/crypto/sha256-hasher.ts'
import { DIRTY_POS_TYPE, DIRTY_VAT } from '../../core/rtd/aggregate.ts'
import { aggregateRtd, type RejectedRow } from '../../core/rtd/aggregator.ts'
import type { RtdFileName } from '../../core/rtd/file-name.ts'
import { memorySpillStore } from '../fakes/rtd-spill.fake.ts'
import { asChunks, expectedLines, INPUT, RUN_DATE, row, runAll, SENDER } from './rtd-gen.ts'

const body = (lines: string[]) => lines.filter((l) => !l.startsWith('#'))

describe('RTD aggregator', () => {
  it('aggregates the B1 example rows into B2.1 lines, transmission date = the run date', async () => {
    const name: RtdFileName = { senderCode: '36081', date: '20200807', time: '000000', progressive: '001' }
    const input = [
      '36081;00;10;pan1;2020-08-06T12:19:16.000+00:00;80205005000037219007587693;657098;;12;978;09509;400000080205;80205005;40236010;4900;fc123456;12345678901;00;',
      '36081;00;02;pan2;2020-08-07T16:03:53.000+00:00;98174002575951220007275953;005423;;1150;978;09509;400000098174;98174002;54133300;4900;fc321543;12345678901;01;par2',
    ]
    const r = await aggregateRtd(asChunks(input), { fileName: name, newHasher: newSha256Hasher, spill: memorySpillStore() })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const lines = []
    for await (const rec of r.value.records()) lines.push(rec)
    // output order is not part of B2.1 (pagoPA compares sets); the aggregator's is by key hash
    const got = lines.map((x) => [x.accountingDate, x.count, x.totalAmount, x.merchantId, x.vat, x.posType])
    expect(got.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ['2020-08-06', 1, 12, '400000080205', '12345678901', '00'],
      ['2020-08-07', 1, 1150, '400000098174', '12345678901', '01'],
    ])
    expect(r.value.inputSha256).toBe(
      createHash('sha256')
        .update(`${input.join('\n')}\n`)
        .digest('hex'),
    )
  })

  it('writes 13 columns in order with count, sum in cents, currency 978 and the run date', async () => {
    const { chunks } = await runAll([row({ amount: '100' }), row({ amount: '250', idAcq: 'x' }), row({ op: '01', amount: '7' })])
    expect(body(chunks[0]?.lines ?? [])).toEqual([
      `${SENDER};00;${RUN_DATE};2026-11-21;2;350;978;${SENDER};M1;T1;00000000001;00000000001;00`,
      `${SENDER};01;${RUN_DATE};2026-11-21;1;7;978;${SENDER};M1;T1;00000000001;00000000001;00`,
    ])
  })

  it('keeps VAT and POS type out of the key: disagreeing groups get ###na### and 99', async () => {
    const rows = [
      row({ terminal: 'A', vat: 'V1', pos: '00' }),
      row({ terminal: 'A', vat: 'V2', pos: '00' }),
      row({ terminal: 'B', vat: 'V1', pos: '00' }),
      row({ terminal: 'B', vat: 'V1', pos: '01' }),
      row({ terminal: 'C', vat: '', pos: '01' }),
      row({ terminal: 'C', vat: '', pos: '01' }),
      row({ terminal: 'D', vat: '' }),
      row({ terminal: 'D', vat: 'V1' }),
    ]
    const { chunks } = await runAll(rows)
    const cols = body(chunks[0]?.lines ?? []).map((l) => l.split(';'))
    expect(cols.map((c) => [c[9], c[4], c[11], c[12]]).sort()).toEqual([
      ['A', '2', DIRTY_VAT, '00'],
      ['B', '2', 'V1', DIRTY_POS_TYPE],
      ['C', '2', '', '01'],
      ['D', '2', DIRTY_VAT, '00'],
    ])
  })

  it('groups by accounting date, operation type, acquirer, merchant, terminal and fiscal code, not by circuit, PAN or MCC', async () => {
    const rows = [
      row(),
      row({ circuit: '08', pan: 'other', mcc: '1234', idAcq: 'z', bin: '123456' }),
      row({ dateTime: '2026-11-22T00:00:00.000Z' }),
      row({ op: '01' }),
      row({ merchant: 'M2' }),
      row({ terminal: 'T2' }),
      row({ fiscal: 'F2' }),
      row({ acquirer: '99999' }),
    ]
    const { chunks } = await runAll(rows)
    expect(body(chunks[0]?.lines ?? []).sort()).toEqual(expectedLines(rows))
    expect(body(chunks[0]?.lines ?? [])).toHaveLength(7)
  })

  it('maps fake ABIs in acquirer_id to fiscal codes through the conversion map', async () => {
    const rows = [row({ acquirer: 'STPAY' }), row({ acquirer: 'LU30726739', idAcq: 'b' }), row({ acquirer: '03069' })]
    const abi = new Map([['STPAY', 'LU30726739']])
    const { chunks } = await runAll(rows, { abiToFiscalCode: abi })
    const lines = body(chunks[0]?.lines ?? [])
    expect(lines.map((l) => [l.split(';')[7], l.split(';')[4]]).sort()).toEqual([
      ['03069', '1'],
      ['LU30726739', '2'],
    ])
    expect(lines.sort()).toEqual(expectedLines(rows, abi))
  })

  it('skips # comment lines, reads CRLF and lone CR line ends, and hashes every byte', async () => {
    const text = `#sha256sum:abc\r\n${row()}\r${row({ idAcq: 'b' })}\r\n# note\n${row({ idAcq: 'c' })}`
    const r = await aggregateRtd(
      (async function* () {
        yield new TextEncoder().encode(text)
      })(),
      { fileName: INPUT, newHasher: newSha256Hasher, spill: memorySpillStore() },
    )
    expect(r.ok && [r.value.lines, r.value.comments, r.value.rowsRead, r.value.aggregates]).toEqual([5, 2, 3, 1])
    expect(r.ok && r.value.inputSha256).toBe(createHash('sha256').update(text).digest('hex'))
  })

  it('hashes bytes cut inside a multi-byte character and still reads the row', async () => {
    const bytes = new TextEncoder().encode(`${row({ merchant: 'Caffè Ñ' })}\n`)
    const cut = bytes.indexOf(0xc3) + 1
    const r = await aggregateRtd(
      (async function* () {
        yield bytes.slice(0, cut)
        yield bytes.slice(cut)
      })(),
      { fileName: INPUT, newHasher: newSha256Hasher, spill: memorySpillStore() },
    )
    expect(r.ok).toBe(true)
    if (!r.ok) return
    for await (const rec of r.value.records()) expect(rec.merchantId).toBe('Caffè Ñ')
    expect(r.value.inputSha256).toBe(createHash('sha256').update(bytes).digest('hex'))
  })

  it('fails the file on the first bad row by default, naming line, column and reason', async () => {
    const r = await aggregateRtd(asChunks(['# header', row(), row({ bin: '123' }), row()]), {
      fileName: INPUT,
      newHasher: newSha256Hasher,
      spill: memorySpillStore(),
    })
    expect(r).toEqual({
      ok: false,
      error: { code: 'rtd.skip_limit_exceeded', skipLimit: 0, line: 3, column: 14, field: 'bin', reason: 'must be 6 or 8 digits' },
    })
  })

  it('with a skip limit, sends rejected rows to the sink and aggregates the rest; one more fails', async () => {
    const rows = [row(), row({ currency: 'EUR' }), row({ amount: '1.5' }), row({ idAcq: 'b' }), 'garbage']
    const rejected: RejectedRow[] = []
    const onRejected = (x: RejectedRow) => {
      rejected.push(x)
    }
    const { aggregation, chunks } = await runAll(rows, { skipLimit: 3, onRejected })
    expect(aggregation.ok && [aggregation.value.rowsRead, aggregation.value.rejected]).toEqual([5, 3])
    expect(rejected.map((x) => [x.line, x.field, x.column])).toEqual([
      [2, 'currency', 10],
      [3, 'total_amount', 9],
      [5, null, null],
    ])
    expect(rejected[2]?.text).toBe('garbage')
    expect(body(chunks[0]?.lines ?? [])).toEqual(expectedLines([rows[0] as string, rows[3] as string]))

    const tight = await runAll(rows, { skipLimit: 2, onRejected: () => {} })
    expect(tight.aggregation.ok || tight.aggregation.error).toMatchObject({ code: 'rtd.skip_limit_exceeded', line: 5, skipLimit: 2 })
  })

  it('rejects an overlong line without keeping it', async () => {
    const rejected: RejectedRow[] = []
    const { aggregation } = await runAll([row(), `x${'y'.repeat(5000)}`, row({ idAcq: 'b' })], {
      skipLimit: 1,
      maxLineChars: 3000,
      onRejected: (x) => {
        rejected.push(x)
      },
    })
    expect(aggregation.ok && aggregation.value.aggregates).toBe(1)
    expect(rejected).toEqual([{ line: 2, column: null, field: null, reason: 'is longer than the longest valid row', text: '' }])
  })

  it('fails the file when a valid row carries another sender code, whatever the skip limit', async () => {
    const { aggregation } = await runAll([row(), row({ sender: '54321' })], { skipLimit: 10 })
    expect(aggregation).toEqual({ ok: false, error: { code: 'rtd.sender_mismatch', line: 2, expected: SENDER, found: '54321' } })
  })

  it('treats a blank line as a bad row, as the reference tokenizer does', async () => {
    const { aggregation } = await runAll([row(), ''])
    expect(aggregation.ok || aggregation.error).toMatchObject({
      code: 'rtd.skip_limit_exceeded',
      line: 2,
      reason: expect.stringMatching(/has 1 columns/),
    })
  })

  it('fails an empty file and a file of only comments', async () => {
    for (const lines of [[], ['#sha256sum:00']]) {
      const { aggregation } = await runAll(lines)
      expect(aggregation).toEqual({ ok: false, error: { code: 'rtd.empty_file' } })
    }
  })

  it('sums past 2^31 cents exactly and refuses sums beyond the safe-integer range', async () => {
    const big = Array.from({ length: 30 }, (_, i) => row({ amount: '99999999999', idAcq: `a${i}` }))
    const ok = await runAll(big)
    expect(body(ok.chunks[0]?.lines ?? [])[0]?.split(';')[5]).toBe(String(30 * 99_999_999_999))

    const rows = Array.from({ length: 90_100 }, (_, i) => row({ amount: '99999999999', idAcq: `a${i}` }))
    const over = await runAll(rows)
    expect(over.aggregation.ok || over.aggregation.error).toEqual({ code: 'rtd.sum_overflow', line: 90_072 })
    expect(Number.isSafeInteger(90_071 * 99_999_999_999)).toBe(true)
    expect(Number.isSafeInteger(90_072 * 99_999_999_999)).toBe(false)
  })

  it('refuses an overflowing sum found only while merging spilled runs, and deletes the runs', async () => {
    const half = Array.from({ length: 45_100 }, () => row({ amount: '99999999999' }))
    const rows = [...half, row({ terminal: 'other' }), ...half]
    const spill = memorySpillStore()
    const { aggregation } = await runAll(rows, { spill, maxKeys: 1 })
    expect(aggregation.ok || aggregation.error).toEqual({ code: 'rtd.sum_overflow', line: null })
    expect(spill.runs.size).toBe(0)
  })

  it('reports progress: rows, bytes and the keys held', async () => {
    const seen: number[] = []
    const { aggregation } = await runAll([row(), row({ terminal: 'b' }), row({ terminal: 'c' })], {
      progressEvery: 1,
      onProgress: (p) => seen.push(p.rowsRead, p.keysHeld),
    })
    expect(aggregation.ok).toBe(true)
    expect(seen).toEqual([1, 0, 2, 1, 3, 2, 3, 3])
  })
})
