/**
 * `varco fattura validate <file.xml|dir>...` and `varco fattura generate <invoice.json> [--out dir]`.
 * validate: every error on its own line (`<file>: <code> <xpath> <message>`), exit 1 when any file is
 * invalid or unreadable; directories are walked recursively for `*.xml`, one file in memory at a time.
 * generate: the body of POST /fatturapa/genera from a JSON file, numbered from the same database
 * sequence as the API (ProgressivoInvio never repeats), written as `<file_name>` into --out.
 * @module
 */

import { createHash } from 'node:crypto'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { isError, type ValidationIssue } from '../core/fatturapa/issue.ts'
import { validateFatturaXml } from '../core/fatturapa/validate.ts'
import { decodeXmlBytes } from '../core/fatturapa/xml-decode.ts'
import { formatRome } from '../core/rome-time.ts'
import { issueInvoice } from '../core/use-cases/issue-invoice.ts'
import { GeneraSchema } from '../openapi/fatturapa.ts'
import { CliUsageError, type Out } from './cli-usage.ts'
import type { Deps } from './deps/index.ts'
import { nodeXsd } from './local/xsd.ts'
import { READ_OPTIONS, toInvoiceInput } from './routes/fatturapa.ts'

/** A command line the fattura commands cannot run (the caller prints the usage). */
export class FatturaUsageError extends CliUsageError {}

async function* xmlFiles(path: string): AsyncGenerator<string> {
  const s = await stat(path)
  if (!s.isDirectory()) {
    yield path
    return
  }
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))
  for (const e of entries) {
    const p = join(path, e.name)
    if (e.isDirectory()) yield* xmlFiles(p)
    else if (e.isFile() && e.name.toLowerCase().endsWith('.xml')) yield p
  }
}

const line = (file: string, i: ValidationIssue) => `${file}: ${i.code} ${i.xpath} ${i.message.en}`

export async function fatturaValidate(paths: readonly string[], out: Out): Promise<number> {
  if (paths.length === 0) throw new FatturaUsageError('fattura validate needs at least one file or directory')
  const xsd = await nodeXsd()
  let files = 0
  let invalid = 0
  for (const root of paths) {
    let walker: AsyncGenerator<string>
    try {
      walker = xmlFiles(root)
      for await (const file of walker) {
        files++
        const text = decodeXmlBytes(await readFile(file))
        const r = text.ok ? await validateFatturaXml(text.text, { xsd }, READ_OPTIONS) : { valid: false, issues: [text.issue] }
        if (!r.valid) {
          invalid++
          for (const i of r.issues.filter(isError)) out.stdout(line(file, i))
        }
      }
    } catch (e) {
      invalid++
      out.stdout(`${root}: READ ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  out.stderr(`checked ${files} file${files === 1 ? '' : 's'}: ${files - invalid} valid, ${invalid} invalid`)
  return invalid > 0 ? 1 : 0
}

export async function fatturaGenerate(args: readonly string[], deps: Deps, out: Out): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { out: { type: 'string' } }, allowPositionals: true, strict: true })
  const [file] = positionals
  if (!file || positionals.length > 1) throw new FatturaUsageError('fattura generate needs exactly one <invoice.json>')
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (e) {
    out.stderr(`${file}: not a JSON file (${e instanceof Error ? e.message : String(e)})`)
    return 1
  }
  const parsed = GeneraSchema.safeParse(json)
  if (!parsed.success) {
    for (const i of parsed.error.issues) out.stderr(`${file}: INPUT ${i.path.join('.') || '(body)'} ${i.message}`)
    return 1
  }
  await deps.ready
  const today = formatRome(deps.clock()).slice(0, 10)
  const body = parsed.data
  const result = await issueInvoice(
    toInvoiceInput(body, today),
    { today, ...(body.schema_version ? { schemaVersion: body.schema_version } : {}) },
    deps.fatturapa,
  )
  if (!result.ok) {
    for (const i of result.issues.filter(isError)) out.stderr(line(file, i))
    return 1
  }
  const target = join(values.out ?? '.', result.fileName)
  await writeFile(target, result.xml, { flag: 'wx' })
  out.stdout(
    JSON.stringify({
      file_name: result.fileName,
      path: target,
      progressivo_invio: result.progressivoInvio,
      hash_sha256: createHash('sha256').update(result.xml, 'utf8').digest('hex'),
      warnings: result.warnings.map((w) => `${w.code} ${w.xpath} ${w.message.en}`),
    }),
  )
  return 0
}
