import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEED_INVOICE } from '../contract/fatturapa-routes.contract.ts'

const NODE = join(process.cwd(), 'node_modules', '.bin', 'node')
const BIN = join(process.cwd(), 'bin', 'varco.mjs')
const EXAMPLES = join(import.meta.dirname, '../fixtures/fatturapa/examples')

// Each test spawns the CLI several times (a cold Node start each): generous under a loaded machine.
describe('varco fattura', { timeout: 120_000 }, () => {
  let dir: string
  let env: NodeJS.ProcessEnv
  const run = (...args: string[]) => spawnSync(NODE, [BIN, 'fattura', ...args], { env, encoding: 'utf8', timeout: 60_000, cwd: dir })

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'varco-fattura-'))
    env = { PATH: process.env['PATH'], VARCO_DB_URL: `file:${join(dir, 'varco.db')}`, VARCO_DATA_DIR: dir }
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('generate writes the invoice under its file name, numbered from the database sequence, and refuses a bad one', () => {
    writeFileSync(join(dir, 'invoice.json'), JSON.stringify(SEED_INVOICE))
    mkdirSync(join(dir, 'out'))
    const first = run('generate', 'invoice.json', '--out', 'out')
    expect(first.stderr).toBe('')
    expect(first.status).toBe(0)
    const out = JSON.parse(first.stdout)
    expect(out).toMatchObject({ file_name: 'IT07776161213_00001.xml', progressivo_invio: '00001' })
    expect(out.warnings).toHaveLength(1)
    const second = JSON.parse(run('generate', 'invoice.json', '--out', 'out').stdout)
    expect(second.file_name).toBe('IT07776161213_00002.xml')
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['IT07776161213_00001.xml', 'IT07776161213_00002.xml'])
    expect(readFileSync(join(dir, 'out', 'IT07776161213_00001.xml'), 'utf8')).toContain('<ProgressivoInvio>00001</ProgressivoInvio>')

    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ ...SEED_INVOICE, cessionario: { ...SEED_INVOICE.cessionario, piva: '12345678901' } }),
    )
    const bad = run('generate', 'bad.json', '--out', 'out')
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/^bad\.json: ID-PIVA \/FatturaElettronica\/FatturaElettronicaHeader\/CessionarioCommittente/m)
    writeFileSync(join(dir, 'shape.json'), JSON.stringify({ ...SEED_INVOICE, righe: [] }))
    const shape = run('generate', 'shape.json')
    expect(shape.status).toBe(1)
    expect(shape.stderr).toContain('shape.json: INPUT righe')
    expect(run('generate').status).toBe(2)
  })

  it('validate: exit 0 for valid files, exit 1 with one line per error otherwise, a summary on stderr', () => {
    const ok = run('validate', join(dir, 'out'))
    expect(ok.stdout).toBe('')
    expect(ok.stderr.trim()).toBe('checked 2 files: 2 valid, 0 invalid')
    expect(ok.status).toBe(0)
    const bad = run('validate', join(EXAMPLES, 'IT01234567890_FPR03.xml'), join(dir, 'out'))
    expect(bad.status).toBe(1)
    const lines = bad.stdout.trim().split('\n')
    expect(lines.every((l) => l.startsWith(join(EXAMPLES, 'IT01234567890_FPR03.xml')))).toBe(true)
    expect(
      lines.some((l) =>
        / 00422 \/FatturaElettronica\/FatturaElettronicaBody\[1\]\/DatiBeniServizi\/DatiRiepilogo\[1\]\/ImponibileImporto /.test(l),
      ),
    ).toBe(true)
    expect(lines.some((l) => / ID-PIVA /.test(l))).toBe(true)
    expect(bad.stderr.trim()).toBe('checked 3 files: 2 valid, 1 invalid')
    const missing = run('validate', join(dir, 'nope.xml'))
    expect(missing.status).toBe(1)
    expect(missing.stdout).toMatch(/nope\.xml: READ /)
  })

  it('validate walks a directory of thousands of files', () => {
    const many = join(dir, 'many', 'nested')
    mkdirSync(many, { recursive: true })
    const src = join(dir, 'out', 'IT07776161213_00001.xml')
    for (let i = 0; i < 3000; i++) copyFileSync(src, join(many, `f${i}.xml`))
    writeFileSync(join(many, 'f1500.xml'), readFileSync(src, 'utf8').replace('<Imposta>33.00</Imposta>', '<Imposta>34.00</Imposta>'))
    writeFileSync(join(many, 'notes.txt'), 'not an invoice')
    const r = run('validate', join(dir, 'many'))
    expect(r.stderr.trim()).toBe('checked 3000 files: 2999 valid, 1 invalid')
    expect(r.stdout.trim().split('\n')).toEqual([expect.stringMatching(/f1500\.xml: 00421 .*\/Imposta /)])
    expect(r.status).toBe(1)
  })
})
