// The closing line of `npm test`: counts from vitest's JSON reports (one per suite), where a failure
// that is not a failed test still fails the run: a file that does not load, a throwing beforeAll (vitest
// then marks the file's tests "skipped": they did not pass, so they count as failed), a throwing
// afterAll, or errors outside any file (unhandled rejections, a crashed worker). A missing report is a
// failure too (the suite crashed or did not run).
// The notes also name the files where tests failed (CI shows only the end of the output, after the last
// suite) and the head of any sqld stall report (test/setup/sqld.ts).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const NOT_RUN = new Set(['skipped', 'pending', 'todo'])

/** Counts of one vitest JSON report, plus one line per failure found outside a test. */
export function countReport(r) {
  const passed = r.numPassedTests
  let failed = r.numFailedTests
  let skipped = r.numPendingTests + (r.numTodoTests ?? 0)
  const notes = []
  const failedIn = r.testResults.map((t) => [t, t.assertionResults.filter((a) => a.status === 'failed')]).filter(([, f]) => f.length > 0)
  if (failedIn.length > 0) {
    const where = failedIn.map(([t, f]) => `${shortName(t.name)} (${f.length})`)
    const [t0, f0] = failedIn[0]
    const first = `${shortName(t0.name)} > ${[...(f0[0].ancestorTitles ?? []), f0[0].title].join(' > ')}: ${(f0[0].failureMessages?.[0] ?? '').split('\n')[0]}`
    notes.push(`failed tests in ${where.slice(0, 12).join(', ')}${where.length > 12 ? `, and ${where.length - 12} more files` : ''}`)
    notes.push(`first: ${first.slice(0, 400)}`)
  }
  for (const t of r.testResults) {
    if (t.status !== 'failed' || t.assertionResults.some((a) => a.status === 'failed')) continue
    const notRun = t.assertionResults.filter((a) => NOT_RUN.has(a.status)).length
    failed += Math.max(1, notRun)
    skipped -= notRun
    notes.push(`failed outside a test: ${t.name}: ${(t.message ?? '').split('\n')[0].slice(0, 300)}`)
  }
  if (r.success === false && failed === 0) {
    failed = 1
    notes.push('errors outside any test file (unhandled error or crashed worker)')
  }
  return { passed, failed, skipped, notes }
}

const shortName = (path) => path.replace(/^.*?\/(test\/)/, '$1')

/** Sums the reports `<dir>/<suite>.json` of the given suites. */
export function summarize(dir, suites) {
  const total = { passed: 0, failed: 0, skipped: 0, notes: [] }
  for (const name of suites) {
    const file = join(dir, `${name}.json`)
    if (!existsSync(file)) {
      total.failed++
      total.notes.push(`no results for the ${name} suite (it crashed or did not run)`)
      continue
    }
    const c = countReport(JSON.parse(readFileSync(file, 'utf8')))
    total.passed += c.passed
    total.failed += c.failed
    total.skipped += c.skipped
    total.notes.push(...c.notes.map((n) => `${name}: ${n}`))
  }
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).filter((x) => x.startsWith('sqld-stall-'))) {
      total.notes.push(readFileSync(join(dir, f), 'utf8').split('\n').slice(0, 4).join('\n  '))
    }
  }
  return total
}
