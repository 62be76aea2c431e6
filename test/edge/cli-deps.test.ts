/**
 * The `varco` commands open a file database without the checkpointer thread that `npm start` runs: a command lasts
 * about a second, and its exit once ended that thread while it was opening its connection, which made libsql's
 * binding panic and the command fail. SQLite's own checkpoints (`wal_autocheckpoint` 1000) do for a command;
 * the gateway's connection leaves them to the thread (`wal_autocheckpoint` 0).
 */

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { localDeps } from '../../edge/cli-deps.ts'
import { openLocalDb } from '../../edge/local/db.ts'

const autocheckpoint = async (db: { execute(s: string): Promise<{ rows: readonly Record<string, unknown>[] }> }) =>
  Number((await db.execute('PRAGMA wal_autocheckpoint')).rows[0]?.['wal_autocheckpoint'])

describe('checkpoints of the CLI and of the gateway', () => {
  it('the CLI opens the file with SQLite checkpointing inline, no checkpointer thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'varco-cli-deps-'))
    const saved = process.env['VARCO_DB_URL']
    process.env['VARCO_DB_URL'] = `file:${join(dir, 'varco.db')}`
    try {
      const deps = localDeps()
      await deps.ready
      expect(await autocheckpoint(deps.db)).toBe(1000)
      deps.db.close()
    } finally {
      if (saved === undefined) delete process.env['VARCO_DB_URL']
      else process.env['VARCO_DB_URL'] = saved
    }
  })

  it('the gateway (openLocalDb as npm start calls it) leaves checkpoints to its thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'varco-cli-deps-'))
    const db = openLocalDb(`file:${join(dir, 'varco.db')}`)
    expect(await autocheckpoint(db)).toBe(0)
    await db.close()
  })
})
