/**
 * FatturaPA XSD validation timings: schema compile, a typical small invoice (2.7 KB, warm) and a 1 MB
 * invoice in Node (adapters/fatturapa/xsd/node.ts), and the small invoice in workerd (edge.ts bundled
 * by wrangler exactly as `npm run build` would, run by Miniflare). `benchXsd()` returns the rows;
 * run on its own with `node bench/xsd.ts` (`--no-workerd` skips the workerd row).
 * @module
 */

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { createNodeXsdValidator } from '../adapters/fatturapa/xsd/node.ts'
import { invoiceWithLines, SMALL_INVOICE } from '../test/fixtures/fatturapa/xsd/invoices.ts'

export type XsdBenchRow = {
  readonly name: string
  readonly runtime: 'node' | 'workerd'
  readonly bytes: number
  readonly runs: number
  readonly msPerValidation: number
  readonly perSecond: number
}

const ROOT = process.cwd()
const row = (name: string, runtime: XsdBenchRow['runtime'], bytes: number, runs: number, totalMs: number): XsdBenchRow => ({
  name,
  runtime,
  bytes,
  runs,
  msPerValidation: Number((totalMs / runs).toFixed(3)),
  perSecond: Math.round((runs * 1000) / totalMs),
})

async function timeRuns(validate: (xml: string) => Promise<readonly unknown[]>, xml: string, runs: number): Promise<number> {
  for (let i = 0; i < Math.min(50, runs); i++) await validate(xml) // warm-up
  const t0 = performance.now()
  for (let i = 0; i < runs; i++) {
    const issues = await validate(xml)
    if (issues.length > 0) throw new Error(`bench document is not schema-valid: ${JSON.stringify(issues[0])}`)
  }
  return performance.now() - t0
}

/** The smallest invoiceWithLines(n) of at least 1 MiB (about 2 850 lines). */
export function oneMegabyteInvoice(): string {
  let n = 2700
  let xml = invoiceWithLines(n)
  while (new TextEncoder().encode(xml).length < 1024 * 1024) {
    n += 25
    xml = invoiceWithLines(n)
  }
  return xml
}

async function nodeRows(): Promise<XsdBenchRow[]> {
  const t0 = performance.now()
  const xsd = await createNodeXsdValidator()
  const compileMs = performance.now() - t0
  const big = oneMegabyteInvoice()
  const bytes = (s: string) => new TextEncoder().encode(s).length
  return [
    row('first use: schema compile (XSD 1.2.2 + xmldsig, once per process)', 'node', 0, 1, compileMs),
    row('small invoice, warm', 'node', bytes(SMALL_INVOICE), 5000, await timeRuns((x) => xsd.validate(x), SMALL_INVOICE, 5000)),
    row('1 MB invoice, warm', 'node', bytes(big), 20, await timeRuns((x) => xsd.validate(x), big, 20)),
  ]
}

const WORKER_ENTRY = `
import { createEdgeXsdValidator } from '${ROOT}/adapters/fatturapa/xsd/edge.ts'
import { SMALL_INVOICE } from '${ROOT}/test/fixtures/fatturapa/xsd/invoices.ts'
export default {
  async fetch(request) {
    const runs = Number(new URL(request.url).searchParams.get('runs') ?? 1000)
    const xsd = await createEdgeXsdValidator()
    for (let i = 0; i < 50; i++) await xsd.validate(SMALL_INVOICE)
    const t0 = performance.now()
    let invalid = 0
    for (let i = 0; i < runs; i++) if ((await xsd.validate(SMALL_INVOICE)).length > 0) invalid++
    return Response.json({ runs, totalMs: performance.now() - t0, invalid })
  },
}
`

/** Bundles edge.ts with wrangler (as `npm run build` does) and times it inside workerd via Miniflare. */
async function workerdRow(runs = 2000): Promise<XsdBenchRow> {
  const dir = mkdtempSync(join(tmpdir(), 'varco-xsd-bench-'))
  try {
    writeFileSync(join(dir, 'entry.js'), WORKER_ENTRY)
    writeFileSync(
      join(dir, 'wrangler.toml'),
      'name = "xsd-bench"\nmain = "entry.js"\ncompatibility_date = "2026-10-01"\ncompatibility_flags = ["nodejs_compat"]\n',
    )
    const out = join(dir, 'dist')
    execFileSync(
      join(ROOT, 'node_modules/.bin/wrangler'),
      ['deploy', '--dry-run', '--outdir', out, '--config', join(dir, 'wrangler.toml')],
      {
        cwd: dir,
        // node_modules/.bin first: wrangler's shebang must find Node 22, not the system node.
        env: {
          ...process.env,
          PATH: `${join(ROOT, 'node_modules/.bin')}${delimiter}${process.env['PATH'] ?? ''}`,
          WRANGLER_SEND_METRICS: 'false',
        },
        encoding: 'utf8',
        stdio: 'pipe',
      },
    )
    const wasm = readdirSync(out).filter((f) => f.endsWith('.wasm'))
    if (wasm.length === 0) throw new Error('wrangler did not emit the .wasm modules')
    const { Miniflare } = await import('miniflare')
    // Miniflare 5 (beta) takes the bundle as a manifest of modules: the entry and the .wasm files.
    const modules: Record<string, { type: 'esm' | 'wasm'; contents: string | Uint8Array<ArrayBuffer> }> = {
      'entry.js': { type: 'esm', contents: readFileSync(join(out, 'entry.js'), 'utf8') },
    }
    for (const f of wasm) modules[f] = { type: 'wasm', contents: new Uint8Array(readFileSync(join(out, f))) }
    const mf = new Miniflare({
      workers: [
        {
          config: {
            name: 'xsd-bench',
            compatibilityDate: '2026-10-01',
            compatibilityFlags: ['nodejs_compat'],
            manifest: { mainModule: 'entry.js', modules },
          },
        },
      ],
    })
    try {
      const res = await mf.dispatchFetch(`http://localhost/?runs=${runs}`)
      const body = (await res.json()) as { runs: number; totalMs: number; invalid: number }
      if (body.invalid !== 0) throw new Error('workerd: the bench document did not validate')
      return row(
        'small invoice, warm (wrangler bundle in workerd)',
        'workerd',
        new TextEncoder().encode(SMALL_INVOICE).length,
        body.runs,
        body.totalMs,
      )
    } finally {
      await mf.dispose()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function benchXsd(options: { workerd?: boolean } = {}): Promise<XsdBenchRow[]> {
  const rows = await nodeRows()
  if (options.workerd !== false) rows.push(await workerdRow())
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchXsd({ workerd: !process.argv.includes('--no-workerd') })
  console.table(rows)
}
