/**
 * A sqld of the test file's own (Node suite): started before the file's tests, stopped after them, and
 * watched for stalls (test/setup/sqld.ts). The files no longer share one sqld for the whole suite:
 * two files at once wrote to the same database, and when that sqld once stopped answering, every
 * remaining sqld test of the run timed out behind it (105 tests, 18 minutes).
 * `url()` is read inside a test or hook, once the server is up.
 * @module
 */

import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll } from 'vitest'
import { startSqld } from './sqld.ts'

export function fileSqld(moduleUrl: string): { url(): string } {
  let sqld: Awaited<ReturnType<typeof startSqld>> | undefined
  beforeAll(async () => {
    sqld = await startSqld({ watch: basename(fileURLToPath(moduleUrl), '.ts') })
  })
  afterAll(() => sqld?.stop())
  return {
    url() {
      if (!sqld) throw new Error('fileSqld: url() is read inside a test or hook, after beforeAll')
      return sqld.url
    },
  }
}
