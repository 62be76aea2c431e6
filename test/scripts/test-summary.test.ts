/**
 * The closing line of `npm test` (scripts/test-summary.mjs) counts failures that are not failed tests:
 * test/fixtures/vitest/beforeall-throws.report.json is vitest 5's real JSON report of a file whose
 * beforeAll throws (its two tests come out "skipped", numFailedTests 0).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { countReport } from '../../scripts/test-summary.mjs'

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
})
