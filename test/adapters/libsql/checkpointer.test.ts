/**
 * WAL checkpoints off the request path (adapters/libsql/checkpointer.ts): the serving connection
 * does not checkpoint on its own, yet the written pages reach the database file, copied there by the
 * checkpoint thread; stopping waits for the thread to end; and with `checkpoints: 'inline'` SQLite's automatic checkpoints stay on.
 * @module
 */

import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'libsql'
import { afterAll, describe, expect, it } from 'vitest'
import { backgroundCheckpoints } from '../../../adapters/libsql/checkpointer.ts'
import { openEmbeddedDb } from '../../../adapters/libsql/embedded.ts'

const dir = mkdtempSync(join(tmpdir(), 'varco-ckpt-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const fill = async (db: ReturnType<typeof openEmbeddedDb>) => {
  await db.execute('CREATE TABLE t (id TEXT PRIMARY KEY, doc TEXT NOT NULL) STRICT')
  const doc = 'x'.repeat(2000)
  await Promise.all(Array.from({ length: 600 }, (_, i) => db.execute({ sql: 'INSERT INTO t VALUES (?, ?)', args: [`r${i}`, doc] })))
}

describe('background WAL checkpoints', () => {
  it('copies the WAL into the database file from another thread', async () => {
    const file = join(dir, 'bg.db')
    const db = openEmbeddedDb(`file:${file}`)
    try {
      expect((await db.first('PRAGMA wal_autocheckpoint'))?.['wal_autocheckpoint']).toBe(0)
      await fill(db)
      // Only the checkpoint thread can grow the main file now; wait for it (bounded).
      for (let i = 0; i < 100 && statSync(file).size < 1_000_000; i++) await new Promise((r) => setTimeout(r, 100))
      expect(statSync(file).size).toBeGreaterThan(1_000_000)
      expect((await db.first('SELECT COUNT(*) AS n FROM t'))?.['n']).toBe(600)
    } finally {
      db.close()
    }
  })

  it('stops only once the thread has ended, so that a shutdown can exit safely', async () => {
    // Exiting while the thread was still opening its connection once made libsql's binding panic at exit.
    const file = join(dir, 'stop.db')
    openEmbeddedDb(`file:${file}`, { checkpoints: 'inline' }).close()
    for (const waitMs of [0, 20, 200]) {
      const engine = new Database(file) as unknown as { exec(sql: string): void; close(): void }
      let ended = false
      const checkpointer = backgroundCheckpoints(engine, file, { onExit: () => (ended = true) })
      if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs))
      await checkpointer.stop()
      expect(ended).toBe(true)
      await checkpointer.stop()
      engine.close()
    }
  })

  it('has the database’s close wait for its checkpoint thread', async () => {
    const db = openEmbeddedDb(`file:${join(dir, 'close.db')}`)
    const closed = db.close()
    expect(closed).toBeInstanceOf(Promise)
    await closed
  })

  it('leaves SQLite’s automatic checkpoints on when asked to checkpoint inline', async () => {
    const db = openEmbeddedDb(`file:${join(dir, 'inline.db')}`, { checkpoints: 'inline' })
    try {
      expect((await db.first('PRAGMA wal_autocheckpoint'))?.['wal_autocheckpoint']).toBe(1000)
    } finally {
      db.close()
    }
  })
})
