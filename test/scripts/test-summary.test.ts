/**
 * The closing line of `npm test` (scripts/test-summary.mjs) counts failures that are not failed tests:
 * test/fixtures/vitest/beforeall-throws.report.json is vitest 5's real JSON report of a file whose
 * beforeAll throws (its two tests come out "skipped", numFailedTests 0).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { countReport, summarize } from '../../scripts/test-summary.mjs'

const fixture = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/vitest', name), 'utf8'))

const passingFile = {
  name: '/repo/test/ok.test.ts',
  status: 'passed',
  message: '',
  assertionResults: [{ title: 'a', status: 'passed' }],
}

describe('npm test closing line', () => {
  it('counts the tests of a file whose beforeAll throws as failed, not skipped', () => {
    const c = countReport(fixture('beforeall-throws.report.json'))
    expect(c).toMatchObject({ passed: 0, failed: 2, skipped: 0 })
    expect(c.notes[0]).toContain('boom')
  })

  it('counts a file that fails to load, or whose afterAll throws, once', () => {
    const loadFailure = { name: '/repo/test/broken.test.ts', status: 'failed', message: 'SyntaxError', assertionResults: [] }
    const afterAll = { ...passingFile, name: '/repo/test/after.test.ts', status: 'failed', message: 'Error: teardown' }
    const c = countReport({
      numPassedTests: 2,
      numFailedTests: 0,
      numPendingTests: 0,
      success: false,
      testResults: [passingFile, loadFailure, afterAll],
    })
    expect(c).toMatchObject({ passed: 2, failed: 2, skipped: 0 })
  })

  it('fails a run that reports errors outside any file', () => {
    const c = countReport({ numPassedTests: 1, numFailedTests: 0, numPendingTests: 0, success: false, testResults: [passingFile] })
    expect(c.failed).toBe(1)
  })

  it('leaves a green run green, with its real skips', () => {
    const skippedOnPurpose = { ...passingFile, assertionResults: [{ title: 'b', status: 'skipped' }] }
    const c = countReport({
      numPassedTests: 1,
      numFailedTests: 0,
      numPendingTests: 1,
      success: true,
      testResults: [passingFile, skippedOnPurpose],
    })
    expect(c).toEqual({ passed: 1, failed: 0, skipped: 1, notes: [] })
  })

  it('adds a failed test counted by vitest once', () => {
    const failing = { ...passingFile, status: 'failed', assertionResults: [{ title: 'a', status: 'failed' }] }
    const c = countReport({ numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, success: false, testResults: [failing] })
    expect(c).toMatchObject({ failed: 1 })
  })

  it('names the files with failed tests and the first failure, since CI shows only the end of the output', () => {
    const failing = (name: string, n: number) => ({
      name: `/check/work/main/test/${name}`,
      status: 'failed',
      message: '',
      assertionResults: Array.from({ length: n }, (_, i) => ({
        ancestorTitles: ['outbox', 'sqld over http'],
        title: `case ${i}`,
        status: 'failed',
        failureMessages: ['Error: Test timed out in 20000ms.\nIf this is a long-running test, …'],
      })),
    })
    const c = countReport({
      numPassedTests: 1,
      numFailedTests: 5,
      numPendingTests: 0,
      success: false,
      testResults: [passingFile, failing('contract/outbox.contract.test.ts', 3), failing('contract/rtd-repo.test.ts', 2)],
    })
    expect(c.notes).toEqual([
      'failed tests in test/contract/outbox.contract.test.ts (3), test/contract/rtd-repo.test.ts (2)',
      'first: test/contract/outbox.contract.test.ts > outbox > sqld over http > case 0: Error: Test timed out in 20000ms.',
    ])
  })

  it('prints the head of a sqld stall report left in the results folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'varco-summary-'))
    const report = { numPassedTests: 1, numFailedTests: 0, numPendingTests: 0, success: true, testResults: [passingFile] }
    writeFileSync(join(dir, 'node.json'), JSON.stringify(report))
    expect(summarize(dir, ['node']).notes).toEqual([])
    writeFileSync(
      join(dir, 'sqld-stall-outbox.txt'),
      'sqld http://127.0.0.1:1 stopped answering\nwrite: NO ANSWER\nread: HTTP 200\nthreads: 9\n--- gdb\n#0 …',
    )
    expect(summarize(dir, ['node']).notes).toEqual([
      'sqld http://127.0.0.1:1 stopped answering\n  write: NO ANSWER\n  read: HTTP 200\n  threads: 9',
    ])
  })
})
