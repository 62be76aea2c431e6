/**
 * Group commit with the fsync off the event loop (`durable`, adapters/libsql/wal-sync.ts): no writer is
 * answered and no read runs before the group's sync resolved; the next group gathers while a sync is in
 * flight and commits once after it; a failed sync rejects the writers (unknown outcome, never "done").
 * Through the embedded engine: FULL on a file commits at NORMAL plus an fdatasync of the WAL (the
 * `inline` option keeps SQLite's own FULL), and a write survives a reopen.
 * @module
 */

import { mkdtempSync, readdirSync, readlinkSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openEmbeddedDb } from '../../../adapters/libsql/embedded.ts'
import { groupCommitter, type TxEngine } from '../../../adapters/libsql/group-commit.ts'
import { walSync } from '../../../adapters/libsql/wal-sync.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'varco-durable-'))
  dirs.push(d)
  return d
}

function recordingEngine(): TxEngine & { log: string[] } {
  const log: string[] = []
  let open = false
  return {
    log,
    get inTransaction() {
      return open
    },
    exec(sql) {
      log.push(sql)
      if (sql.startsWith('BEGIN')) open = true
      if (sql === 'COMMIT' || sql === 'ROLLBACK') open = false
    },
  }
}

/** A `durable` whose syncs the test ends by hand. */
function manualSync() {
  const pending: { resolve: () => void; reject: (e: unknown) => void }[] = []
  return {
    pending,
    durable: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
  }
}

const turn = () => new Promise<void>((r) => setImmediate(r))

describe('group commit with an asynchronous sync', () => {
  it('answers the writers only after the sync, and makes reads wait for it', async () => {
    const engine = recordingEngine()
    const sync = manualSync()
    const group = groupCommitter(engine, { durable: sync.durable })
    const settled: number[] = []
    const writes = [1, 2].map((n) => group.write(() => n).then((v) => settled.push(v)))
    expect(group.whenDurable()).toBeUndefined()
    await turn()
    expect(engine.log.filter((s) => s === 'COMMIT')).toHaveLength(1)
    expect(sync.pending).toHaveLength(1)
    await turn()
    expect(settled).toEqual([])
    const read = group.whenDurable()
    expect(read).toBeInstanceOf(Promise)
    let readRan = false
    void read?.then(() => {
      readRan = true
    })
    await turn()
    expect(readRan).toBe(false)
    sync.pending[0]?.resolve()
    await Promise.all(writes)
    await read
    expect(settled).toEqual([1, 2])
    expect(readRan).toBe(true)
    expect(group.whenDurable()).toBeUndefined()
  })

  it('gathers the writes asked for during a sync into one next group, committed after it', async () => {
    const engine = recordingEngine()
    const sync = manualSync()
    const group = groupCommitter(engine, { durable: sync.durable })
    const first = group.write(() => 'a')
    await turn()
    const later = [group.write(() => 'b')]
    await turn()
    later.push(group.write(() => 'c'))
    await turn()
    // Still one COMMIT: b and c wait for a's sync.
    expect(engine.log.filter((s) => s === 'COMMIT')).toHaveLength(1)
    sync.pending[0]?.resolve()
    expect(await first).toBe('a')
    await turn()
    expect(engine.log.filter((s) => s === 'COMMIT')).toHaveLength(2)
    expect(engine.log.filter((s) => s.startsWith('SAVEPOINT'))).toHaveLength(3)
    sync.pending[1]?.resolve()
    expect(await Promise.all(later)).toEqual(['b', 'c'])
  })

  it('rejects the writers when the sync fails: committed but not known durable is not acknowledged', async () => {
    const engine = recordingEngine()
    const sync = manualSync()
    const group = groupCommitter(engine, { durable: sync.durable })
    const writes = Promise.allSettled([group.write(() => 1), group.write(() => 2)])
    await turn()
    sync.pending[0]?.reject(new Error('EIO'))
    expect((await writes).map((o) => o.status)).toEqual(['rejected', 'rejected'])
    expect(group.whenDurable()).toBeUndefined()
  })
})

describe('embedded engine, FULL with the fsync off the event loop', () => {
  it('commits at NORMAL with an fdatasync per group by default, FULL inline when asked; writes survive a reopen', async () => {
    const dir = tempDir()
    const url = `file:${join(dir, 'd.db')}`
    const db = openEmbeddedDb(url)
    expect((await db.first('PRAGMA synchronous'))?.['synchronous']).toBe(1)
    await db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT')
    await Promise.all(Array.from({ length: 20 }, (_, i) => db.execute({ sql: 'INSERT INTO t (v) VALUES (?)', args: [`v${i}`] })))
    expect((await db.first('SELECT count(*) AS n FROM t'))?.['n']).toBe(20)
    db.close()
    const inline = openEmbeddedDb(url, { fsync: 'inline' })
    expect((await inline.first('PRAGMA synchronous'))?.['synchronous']).toBe(2)
    expect((await inline.first('SELECT count(*) AS n FROM t'))?.['n']).toBe(20)
    inline.close()
    const normal = openEmbeddedDb(url, { synchronous: 'NORMAL' })
    expect((await normal.first('PRAGMA synchronous'))?.['synchronous']).toBe(1)
    normal.close()
    const memory = openEmbeddedDb(':memory:')
    await memory.execute('CREATE TABLE m (x INTEGER) STRICT')
    await memory.execute({ sql: 'INSERT INTO m VALUES (?)', args: [1] })
    expect((await memory.first('SELECT x FROM m'))?.['x']).toBe(1)
    memory.close()
  })
})

describe('walSync', () => {
  it('syncs the WAL, follows a WAL made again, and syncs the database when there is no WAL', async () => {
    const dir = tempDir()
    const db = join(dir, 'w.db')
    writeFileSync(db, 'db')
    const s = walSync(db)
    await s.sync()
    writeFileSync(`${db}-wal`, 'frames')
    await s.sync()
    unlinkSync(`${db}-wal`)
    writeFileSync(`${db}-wal`, 'new frames')
    await s.sync()
    // The descriptor synced is the new file's: none of this process's descriptors names the deleted one.
    const open = readdirSync('/proc/self/fd').map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`)
      } catch {
        return ''
      }
    })
    expect(open.filter((l) => l.startsWith(`${db}-wal`))).toEqual([`${db}-wal`])
    s.syncNow()
    s.close()
    unlinkSync(`${db}-wal`)
    unlinkSync(db)
    await expect(walSync(db).sync()).rejects.toThrow(/ENOENT/)
  })
})
