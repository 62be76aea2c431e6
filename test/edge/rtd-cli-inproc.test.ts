/**
 * `rtdAggregateCommand` (edge/rtd-cli.ts) called in process: every data error names the file (and line and column
 * where there is one) on stderr with exit 1 and leaves no output; usage errors exit 2; without --pubkey the chunks
 * are clear and the summary says `"encrypted": false`; rejected rows go to the side file; the default date is
 * today in Rome; on a terminal the bar is drawn and erased, elsewhere nothing is written to it.
 * @module
 */

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rtdAggregateCommand } from '../../edge/rtd-cli.ts'
import { INPUT_NAME, row } from '../core/rtd-gen.ts'

const FIX = join(process.cwd(), 'test/fixtures')
const STPAY = join(FIX, 'rtd/CSTAR.STPAY.TRNLOG.20261123.105841.001.csv')
const NOV_30_LATE = () => new Date('2026-11-30T23:30:00Z') // already 1 December in Rome

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'varco-rtd-cli-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function cli(args: string[], isTTY = false) {
  const stdout: string[] = []
  const stderr: string[] = []
  let drawn = ''
  const tty = {
    isTTY,
    columns: 120,
    write: (s: string) => {
      drawn += s
    },
  }
  const code = await rtdAggregateCommand(args, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) }, tty, NOV_30_LATE)
  return { code, stdout, stderr: stderr.join('\n'), drawn }
}

function input(lines: string[], name = INPUT_NAME): string {
  const p = join(dir, name)
  writeFileSync(p, `${lines.join('\n')}\n`)
  return p
}

const outFiles = () => (existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : [])

describe('rtdAggregateCommand', () => {
  it('clear chunks without --pubkey, rejected rows beside them, the date from the clock in Rome, no bar off a terminal', async () => {
    const p = input(['# c', row(), row({ vat: 'x'.repeat(300) }), row({ op: '01' })])
    const r = await cli(['--input', p, '--out', join(dir, 'out'), '--skip-limit', '1'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.drawn).toBe('')
    expect(r.stdout).toHaveLength(1)
    const s = JSON.parse(r.stdout[0] as string)
    expect(s).toMatchObject({
      rows_read: 3,
      comments: 1,
      rejected: 1,
      aggregates: 2,
      chunks: 1,
      encrypted: false,
      recipient_fingerprint: null,
    })
    expect(s.transmission_date).toBe('2026-12-01')
    expect(s.rejected_file).toBe(`${INPUT_NAME}.rejected.csv`)
    const chunk = INPUT_NAME.replace('CSTAR.', 'ADE.').replace('.csv', '.01.csv')
    expect(outFiles().sort()).toEqual([chunk, `${INPUT_NAME}.rejected.csv`].sort())
    const clear = readFileSync(join(dir, 'out', chunk), 'utf8').split('\n')
    expect(clear[0]).toBe(`#sha256sum:${s.input_sha256}`)
    expect(clear[1]?.split(';')[2]).toBe('2026-12-01')
    expect(readFileSync(join(dir, 'out', `${INPUT_NAME}.rejected.csv`), 'utf8').split('\n')[1]).toMatch(/^3;17;vat;is longer than/)
  })

  it('on a terminal the bar is drawn on the tty and erased at the end; stdout still has only the summary', async () => {
    const r = await cli(['--input', input([row(), row()]), '--out', join(dir, 'out')], true)
    expect(r.code).toBe(0)
    expect(r.drawn).toMatch(/^\r\[#{20}\] 100% 2 rows /)
    expect(r.drawn.endsWith('\r\x1b[K')).toBe(true)
    expect(r.stdout).toHaveLength(1)
  })

  const cases: [string, () => string[], RegExp][] = [
    [
      'sender mismatch',
      () => [input([row(), row({ sender: 'ABCDE' })])],
      /^varco: CSTAR\.12345\.\S+ line 2, column 1 \(sender_code\): sender code 'ABCDE' is not the file name's '12345'$/,
    ],
    ['empty file', () => [input(['# only a comment'])], /^varco: CSTAR\.12345\.\S+: the file has no data rows$/],
    ['bad name', () => [input([row()], 'acquirer.csv')], /^varco: acquirer\.csv: not an RTD input file name, expected CSTAR\./],
    ['a row with 18 columns', () => [input([row().slice(0, row().lastIndexOf(';'))])], /^varco: CSTAR\.12345\.\S+ line 1: has 18 columns/],
    [
      'a private key as --pubkey',
      () => [input([row()]), '--pubkey', join(FIX, 'pgp/cv25519-test-only.sec.asc')],
      /cv25519-test-only\.sec\.asc: cannot encrypt to this key, recipient_key\.is_private/,
    ],
    [
      'not a key',
      () => [input([row()]), '--pubkey', input(['hello'], 'key.asc')],
      /key\.asc: cannot encrypt to this key, recipient_key\.unreadable/,
    ],
    [
      'too many chunks',
      () => [STPAY, '--max-rows', '6'],
      /^varco: CSTAR\.STPAY\.\S+: 600 aggregates need more than 99 chunks of 6 rows \(--max-rows\)$/,
    ],
    ['missing input', () => [join(dir, 'none.csv')], /none\.csv: no such file$/],
    ['bad ABI map', () => [input([row()]), '--abi-map', input(['[1]'], 'abi.json')], /abi\.json: expected \{"<fake ABI>"/],
  ]
  for (const [what, args, message] of cases) {
    it(`${what}: exit 1, the message on stderr, nothing on stdout, no output`, async () => {
      const a = args()
      const r = await cli(['--input', a[0] as string, '--out', join(dir, 'out'), ...a.slice(1)])
      expect(r.stderr).toMatch(message)
      expect([r.code, r.stdout, outFiles()]).toEqual([1, [], []])
    })
  }

  it('usage errors exit 2 and print the usage', async () => {
    for (const args of [
      ['--out', dir],
      ['--input', STPAY],
      ['--input', STPAY, '--out', dir, '--date', '2026-02-30'],
      ['--input', STPAY, '--out', dir, '--max-rows', '0'],
      ['--input', STPAY, '--out', dir, '--nope'],
    ]) {
      const r = await cli(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr).toMatch(/^varco: .+\n\nusage:\n {2}rtd aggregate/)
    }
  })
})
