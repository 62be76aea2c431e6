// The closing line of `npm test`: counts from vitest's JSON reports (one per suite), where a failure
// that is not a failed test still fails the run: a file that does not load, a throwing beforeAll (vitest
// then marks the file's tests "skipped": they did not pass, so they count as failed), a throwing
// afterAll, or errors outside any file (unhandled rejections, a crashed worker). A missing report is a
// failure too (the suite crashed or did not run).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const NOT_RUN = new Set(['skipped', 'pending', 'todo'])

/** Counts of one vitest JSON report, plus one line per failure found outside a test. */
export function countReport(r) {
  const passed = r.numPassedTests
  let failed = r.numFailedTests
  let skipped = r.numPendingTests + (r.numTodoTests ?? 0)
  const notes = []
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
  return total
}
