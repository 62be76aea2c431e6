/**
 * `npm run bench:rtd`: issue 13 point 7. For 1,000,000 rows and BENCH_RTD_ROWS (default 10,000,000) rows, writes a CSTAR
 * file (bench/rtd-input.ts; a quarter as many distinct keys as rows) to a temp dir, then runs, each in its own child
 * process so that peak RSS is that run's alone: Varco (bench/rtd-varco.ts: read, validate, aggregate with spilling,
 * write the ADE chunks), DuckDB (bench/rtd-duckdb.ts: the same GROUP BY, COPY to CSV) and, unless BENCH_RTD_PGP=0,
 * Varco with openpgp encryption of the chunks on the largest file. Prints the table and the goals and replaces the
 * `## RTD aggregation (issue 13)` section of BENCHMARKS.md (BENCH_RTD_WRITE=0 to leave it alone). Temp files are deleted.
 * @module
 */

import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { type ChildResult, RESULT_PREFIX } from './rtd-child.ts'
import { INPUT_NAME, writeRtdInput } from './rtd-input.ts'
import { goals, type Run, replaceSection, SECTION, table } from './rtd-report.ts'

const ROWS = Number(process.env['BENCH_RTD_ROWS'] ?? 10_000_000)
const SIZES = [...new Set([Math.min(1_000_000, ROWS), ROWS])]
const PGP = process.env['BENCH_RTD_PGP'] !== '0'
const GIB = 1024 ** 3
const here = (file: string) => new URL(file, import.meta.url).pathname

function child(script: string, args: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [here(script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString()
    })
    p.on('error', reject)
    p.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX))
      if (code !== 0 || !line) reject(new Error(`${script} exited with ${code}: ${out.slice(-500)}`))
      else resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult)
    })
  })
}

const runs: Run[] = []
const root = mkdtempSync(join(tmpdir(), 'varco-bench-rtd-'))
try {
  for (const rows of SIZES) {
    const keys = Math.max(1, Math.floor(rows / 4))
    const dir = join(root, String(rows))
    mkdirSync(dir)
    const input = join(dir, INPUT_NAME)
    const t = performance.now()
    const inputBytes = await writeRtdInput(input, rows, keys)
    console.log(
      `${rows.toLocaleString('en')} rows, ${keys.toLocaleString('en')} keys: ${(inputBytes / 1e6).toFixed(0)} MB written in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    )
    const engines: [string, string[]][] = [
      ['rtd-varco.ts', []],
      ['rtd-varco.ts', ['workers=1']],
      ['rtd-duckdb.ts', []],
      ...(PGP && rows === ROWS ? [['rtd-varco.ts', ['pgp']] as [string, string[]]] : []),
    ]
    for (const [script, extra] of engines) {
      const out = join(dir, `out-${runs.length}`)
      mkdirSync(out)
      const result = await child(script, [input, out, ...extra])
      runs.push({ ...result, inputRows: rows, inputBytes, keys })
      console.log(
        `  ${result.engine}: ${result.seconds.toFixed(1)} s, peak RSS ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MB, ${result.aggregates} aggregates`,
      )
      rmSync(out, { recursive: true, force: true })
    }
    rmSync(dir, { recursive: true, force: true })
  }
} finally {
  rmSync(root, { recursive: true, force: true })
}

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
  } catch {
    return 'unknown'
  }
})()
const cpu = cpus()
const machine = `${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / GIB).toFixed(0)} GiB RAM (${(freemem() / GIB).toFixed(0)} GiB free at the end), Node ${process.version}, ${process.platform}/${process.arch}`
const report = [
  SECTION,
  '',
  `Command: \`npm run bench:rtd\` (bench/rtd.ts; BENCH_RTD_ROWS=${ROWS}). Date: ${new Date().toISOString()}. Commit: ${commit}.`,
  `Machine: ${machine}. Load average (1/5/15 min) at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')}.`,
  'Input: a valid CSTAR file written to a temp dir before the runs (bench/rtd-input.ts: ~127 bytes a row, one distinct B2.1 key per 4 rows,',
  'reversals, mixed VAT / POS groups). Each engine runs in its own child process; time is from the start of the work to the last output',
  "byte, peak RSS is the child's (sampled every 100 ms and the kernel's high-water mark). Varco: `aggregateRtd` (sha256, full row",
  'validation, key budget maxKeys 200,000, below the key count of both inputs so that both spill and sit at the budget: a full key table',
  'is written to 16 hash partitions in a temp dir, each partition folded on its own at the end; runs in binary records) → `adeByteChunks` → plain chunk files;',
  '`varco` is the parallel aggregator (adapters/rtd-parallel: 2 worker threads fold line-aligned 4 MiB blocks, at most 5 in',
  'flight, each worker holding half the budget, then fold half of the 32 hash partitions each; the main thread reads, hashes',
  'and orders the replies), `varco-1t` the single-threaded core aggregateRtd. The default budget',
  "(maxKeys / RTD_MAX_KEYS 500,000) holds ≈ 2.5 times as many keys, about 60 MB more heap. The load average is the machine's (shared).",
  'DuckDB: `read_csv` + the same GROUP BY (dirty VAT / POS type as min = max), `COPY` to CSV, no ORDER BY, its default threads.',
  '',
  table(runs),
  '',
  ...goals(runs).map((g) => `- ${g}`),
  '',
].join('\n')
console.log(`\n${report}`)
if (process.env['BENCH_RTD_WRITE'] !== '0') {
  const path = here('../BENCHMARKS.md')
  writeFileSync(path, replaceSection(readFileSync(path, 'utf8'), report))
  console.log('BENCHMARKS.md updated')
}
