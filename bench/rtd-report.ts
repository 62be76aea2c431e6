/**
 * The report of `npm run bench:rtd`: the table of runs, the goals of issue 13 point 7 checked against it, and the
 * `## RTD aggregation (issue 13)` section of BENCHMARKS.md replaced in place (other sections untouched).
 * @module
 */

import type { ChildResult } from './rtd-child.ts'

export type Run = ChildResult & { readonly inputRows: number; readonly inputBytes: number; readonly keys: number }

export const SECTION = '## RTD aggregation (issue 13)'
const MB = 1024 * 1024

const rowsPerSecond = (r: Run) => r.inputRows / r.seconds

export function table(runs: readonly Run[]): string {
  const head = '| rows | distinct keys | engine | time s | rows/s | MB/s | peak RSS MB | aggregates | same count as DuckDB | notes |'
  const lines = [head, '|---:|---:|---|---:|---:|---:|---:|---:|---|---|']
  for (const r of runs) {
    const duck = runs.find((d) => d.engine === 'duckdb' && d.inputRows === r.inputRows)
    const same = r.engine === 'duckdb' ? '' : duck ? (duck.aggregates === r.aggregates ? 'yes' : `**NO** (${duck.aggregates})`) : 'n/a'
    lines.push(
      `| ${r.inputRows.toLocaleString('en')} | ${r.keys.toLocaleString('en')} | ${r.engine} | ${r.seconds.toFixed(1)} | ${Math.round(
        rowsPerSecond(r),
      ).toLocaleString(
        'en',
      )} | ${(r.inputBytes / MB / r.seconds).toFixed(1)} | ${(r.peakRssBytes / MB).toFixed(0)} | ${r.aggregates.toLocaleString(
        'en',
      )} | ${same} | ${r.note ?? ''} |`,
    )
  }
  return lines.join('\n')
}

/** The goals, judged on the largest input (speed) and on every Varco run without encryption (memory). */
export function goals(runs: readonly Run[]): string[] {
  const largest = Math.max(...runs.map((r) => r.inputRows))
  const smallest = Math.min(...runs.map((r) => r.inputRows))
  const at = (engine: string, rows: number) => runs.find((r) => r.engine === engine && r.inputRows === rows)
  const out: string[] = []
  const duck = at('duckdb', largest)
  for (const engine of [...new Set(runs.filter((r) => /^varco(-\d+t)?$/.test(r.engine)).map((r) => r.engine))]) {
    out.push(...engineGoals(engine, at(engine, largest), duck, at(engine, smallest), runs, largest, smallest))
  }
  return out
}

function engineGoals(
  engine: string,
  varco: Run | undefined,
  duck: Run | undefined,
  small: Run | undefined,
  runs: readonly Run[],
  largest: number,
  smallest: number,
): string[] {
  const out: string[] = []
  if (varco && duck) {
    const ratio = rowsPerSecond(varco) / rowsPerSecond(duck)
    out.push(
      `\`${engine}\` speed at ${largest.toLocaleString('en')} rows: **${(ratio * 100).toFixed(0)}%** of DuckDB's rows/s (goal ≥ 50%): **${ratio >= 0.5 ? 'met' : 'NOT met'}**.`,
    )
  }
  const plain = runs.filter((r) => r.engine === engine)
  const peak = Math.max(...plain.map((r) => r.peakRssBytes))
  out.push(
    `\`${engine}\` peak RSS, largest of its runs: **${(peak / MB).toFixed(0)} MB** (goal < 512 MB): **${peak < 512 * MB ? 'met' : 'NOT met'}**.`,
  )
  if (varco && small && largest > smallest) {
    const growth = varco.peakRssBytes / small.peakRssBytes - 1
    out.push(
      `\`${engine}\` RSS from ${smallest.toLocaleString('en')} to ${largest.toLocaleString('en')} rows: ${(small.peakRssBytes / MB).toFixed(0)} → ${(
        varco.peakRssBytes / MB
      ).toFixed(
        0,
      )} MB (**${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)}%**; goal flat, within +25%): **${growth <= 0.25 ? 'met' : 'NOT met'}**.`,
    )
  }
  return out
}

/** BENCHMARKS.md with the section replaced (or appended when absent). */
export function replaceSection(markdown: string, section: string): string {
  const start = markdown.indexOf(`\n${SECTION}\n`)
  const body = `${section.trimEnd()}\n`
  if (start < 0) return `${markdown.trimEnd()}\n\n${body}`
  const next = markdown.indexOf('\n## ', start + 1)
  return `${markdown.slice(0, start + 1)}${body}${next < 0 ? '' : `\n${markdown.slice(next + 1)}`}`
}
