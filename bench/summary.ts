/**
 * The one table `npm run bench` prints at its end and writes at the top of BENCHMARKS.md: each
 * figure of this run beside its limit (issue 15's goals), with the machine, its load average when
 * the run started, and the commit measured. Also runs the CSV import (bench/import-100k.ts, fewer rows).
 * @module
 */

import { execFileSync } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'
import { NODE } from './server.ts'

export type SummaryLine = { readonly measure: string; readonly figure: string; readonly limit: string; readonly met: boolean | null }

/** The machine, the load average (1, 5, 15 min) and the commit, as one line. */
export function runContext(load = loadavg()): string {
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
    if (execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim()) commit += ' (+ local changes)'
  } catch {}
  const cpu = cpus()
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}; load average at start ${load.map((l) => l.toFixed(2)).join(' ')}; commit ${commit}`
}

/** Rows/s of the first import of `rows` CSV rows through the app (bench/import-100k.ts in a child process). */
export function importRowsPerSecond(rows: number): number {
  const out = execFileSync(NODE, ['--expose-gc', 'bench/import-100k.ts', String(rows)], { encoding: 'utf8' })
  const m = /throughput: ([\d,]+) rows\/s/.exec(out)
  if (!m?.[1]) throw new Error(`bench/import-100k.ts printed no throughput:\n${out}`)
  return Number(m[1].replace(/,/g, ''))
}

export function summaryTable(context: string, lines: readonly SummaryLine[]): string {
  const verdict = (met: boolean | null) => (met === null ? '' : met ? 'met' : '**NOT met**')
  return `## Summary: every figure against its limit, one run

${context}.

| Measure | This run | Limit | |
|---|---:|---:|---|
${lines.map((l) => `| ${l.measure} | ${l.figure} | ${l.limit} | ${verdict(l.met)} |`).join('\n')}
`
}
