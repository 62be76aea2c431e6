import { describe, expect, it } from 'vitest'
import { type CsvRecord, createCsvParser, csvRecords, inChunks } from '../../core/import/csv.ts'

/** Feeds `text` to a fresh parser in pieces of `size` characters (1 = character by character). */
function parse(text: string, size = text.length || 1): CsvRecord[] {
  const p = createCsvParser()
  const out: CsvRecord[] = []
  for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)))
  out.push(...p.end())
  return out
}
const fields = (text: string, size?: number) => parse(text, size).map((r) => r.fields)

async function* bytes(data: Uint8Array, size: number) {
  for (let i = 0; i < data.length; i += size) yield data.slice(i, i + size)
}
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}

describe('CSV parser (RFC 4180, streaming)', () => {
  it('splits plain records on commas and CRLF, LF or CR', () => {
    expect(fields('a,b,c\r\n1,2,3\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ])
    expect(fields('a,b\n1,2\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
    expect(fields('a,b\r1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
  })

  it('keeps empty fields, including a trailing one', () => {
    expect(fields('a,,c,\r\n,,,\r\n')).toEqual([
      ['a', '', 'c', ''],
      ['', '', '', ''],
    ])
  })

  it('reads a last record without a line break', () => {
    expect(fields('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ])
  })

  it('unquotes quoted fields, with commas, doubled quotes and line breaks inside', () => {
    const text = 'id,text\r\n1,"Rossi, Mario"\r\n2,"he said ""hi"""\r\n3,"two\r\nlines"\r\n4,"lf\nonly"\r\n5,""\r\n'
    expect(fields(text)).toEqual([
      ['id', 'text'],
      ['1', 'Rossi, Mario'],
      ['2', 'he said "hi"'],
      ['3', 'two\r\nlines'],
      ['4', 'lf\nonly'],
      ['5', ''],
    ])
  })

  it('numbers records as a spreadsheet does, counting blank lines, even with line breaks inside fields', () => {
    const records = parse('h1,h2\r\n"a\r\nb",1\r\n\r\nc,2\r\n')
    expect(records.map((r) => [r.row, r.fields[0]])).toEqual([
      [1, 'h1'],
      [2, 'a\r\nb'],
      [4, 'c'],
    ])
  })

  it('drops a leading BOM, and only a leading one', () => {
    expect(fields('\uFEFFa,b\r\n1,\uFEFF')).toEqual([
      ['a', 'b'],
      ['1', '\uFEFF'],
    ])
  })

  it('gives the same records whatever the piece size, down to one character at a time', () => {
    const text = '\uFEFFexternal_id,reason,amount\r\nA-1,"Rossi, ""Mario""\r\nvia Roma",16.50\r\nA-2,plain,1\rA-3,"",2\n\nA-4,"x",3'
    const whole = parse(text)
    expect(whole).toHaveLength(5)
    for (const size of [1, 2, 3, 5, 7, 13]) expect(parse(text, size), `size ${size}`).toEqual(whole)
  })

  it('handles a CR at the end of one piece and its LF at the start of the next', () => {
    const p = createCsvParser()
    expect(p.push('a,b\r')).toEqual([{ row: 1, fields: ['a', 'b'], problem: null }])
    expect(p.push('\n1,2\r')).toEqual([{ row: 2, fields: ['1', '2'], problem: null }])
    expect(p.push('\n')).toEqual([])
    expect(p.end()).toEqual([])
  })

  it('handles a piece ending between the two quotes of an escaped quote', () => {
    const p = createCsvParser()
    expect(p.push('"say "')).toEqual([])
    expect(p.push('"yes"""')).toEqual([])
    expect(p.end()).toEqual([{ row: 1, fields: ['say "yes"'], problem: null }])
  })

  it.each([
    ['a quote inside an unquoted field', 'ab"c,d\r\n', /quote inside an unquoted field/],
    ['text after a closing quote', '"ab"c,d\r\n', /follows the closing quote/],
    ['a quoted field left open', 'a,"never closed\r\nb,c\r\n', /not closed/],
  ])('reports %s as a problem of that record and goes on', (_, text, problem) => {
    const records = parse(`${text}next,ok\r\n`)
    expect(records[0]?.problem).toMatch(problem)
    if (!/not closed/.test(String(problem))) expect(records[1]).toEqual({ row: 2, fields: ['next', 'ok'], problem: null })
  })

  it('bounds a record: an overlong one is reported with its content dropped, and the next is read', () => {
    const p = createCsvParser({ maxRecordChars: 10, maxFields: 3 })
    const out = [...p.push(`${'x'.repeat(50)},y\r\na,b,c,d,e\r\nok,1\r\n`), ...p.end()]
    expect(out[0]?.problem).toMatch(/longer than 10/)
    expect(out[0]?.fields.join('').length).toBeLessThanOrEqual(10)
    expect(out[1]?.problem).toMatch(/more than 3 fields/)
    expect(out[1]?.fields).toHaveLength(3)
    expect(out[2]).toEqual({ row: 3, fields: ['ok', '1'], problem: null })
  })

  it('keeps memory flat on an unterminated quote: the rest of the file becomes one reported record', () => {
    const p = createCsvParser({ maxRecordChars: 100, maxFields: 64 })
    expect(p.push('a,"open')).toEqual([])
    for (let i = 0; i < 1000; i++) expect(p.push('x,y\r\n'.repeat(100))).toEqual([])
    const [last] = p.end()
    expect(last?.problem).toMatch(/longer than 100/)
    expect(last?.fields.join('').length).toBeLessThanOrEqual(100)
  })

  it('yields nothing for an empty input or only blank lines', () => {
    expect(parse('')).toEqual([])
    expect(parse('\r\n\r\n\n')).toEqual([])
  })
})

describe('csvRecords (bytes → records)', () => {
  const text = '\uFEFFnome,città\r\n"Niccolò, detto ""il Magnifico""",Firenze\r\nZoë,Forlì\r\n'
  const encoded = new TextEncoder().encode(text)

  it('decodes UTF-8 split anywhere, even inside a multi-byte character, byte by byte', async () => {
    const expected = [
      ['nome', 'città'],
      ['Niccolò, detto "il Magnifico"', 'Firenze'],
      ['Zoë', 'Forlì'],
    ]
    for (const size of [1, 2, 3, 64]) {
      const records = await collect(csvRecords(bytes(encoded, size)))
      expect(
        records.map((r) => r.fields),
        `size ${size}`,
      ).toEqual(expected)
    }
  })

  it('turns invalid UTF-8 (e.g. a Latin-1 file) into U+FFFD instead of failing the stream', async () => {
    const latin1 = new Uint8Array([0x61, 0x2c, 0x63, 0x69, 0x74, 0x74, 0xe0, 0x0d, 0x0a])
    const [r] = await collect(csvRecords(bytes(latin1, 4)))
    expect(r?.fields).toEqual(['a', 'citt\uFFFD'])
  })

  it('takes text pieces too, and groups records in bounded chunks', async () => {
    async function* pieces() {
      yield 'a\r\n'
      yield 'b\r\nc\r\nd\r\ne'
    }
    const chunks = await collect(inChunks(csvRecords(pieces()), 2))
    expect(chunks.map((c) => c.map((r) => r.fields[0]))).toEqual([['a', 'b'], ['c', 'd'], ['e']])
  })
})
