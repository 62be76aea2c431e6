/**
 * Group commit with the fsync off the event loop (`durable`, adapters/libsql/wal-sync.ts): no writer is
 * answered before a sync started after its COMMIT resolved, and a read waits for every commit it could
 * see; groups commit at once and at most `maxSyncs` syncs run, the next one covering every commit made
 * meanwhile; a failed sync rejects the writers and readers it covered (unknown outcome, never "done").
 * Through the embedded engine: FULL on a file commits at NORMAL plus an fdatasync of the WAL (the
 * `inline` option keeps SQLite's own FULL), and a write survives a reopen.
 * @module
 */

import { mkdtempSync, readdirSync, readlinkSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openEmbeddedDb } from '../../../adapters/libsql/embedded.ts'
import { groupCommitter, MAX_SYNCS } from '../../../adapters/libsql/group-commit.ts'
import { walSync } from '../../../adapters/libsql/wal-sync.ts'
import { recordingEngine } from './recording-engine.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'varco-durable-'))
  dirs.push(d)
  return d
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

  it('commits each group at once; with maxSyncs in flight, one later sync covers every commit made meanwhile', async () => {
    const engine = recordingEngine()
    const sync = manualSync()
    const group = groupCommitter(engine, { durable: sync.durable, maxSyncs: 2 })
    const a = group.write(() => 'a')
    await turn()
    const b = group.write(() => 'b')
    await turn()
    const c = group.write(() => 'c')
    const d = group.write(() => 'd')
    await turn()
    // Three groups committed, two syncs running (a's, b's); c and d wait for a third.
    expect(engine.log.filter((x) => x === 'COMMIT')).toHaveLength(3)
    expect(MAX_SYNCS).toBeGreaterThanOrEqual(2)
    expect(sync.pending).toHaveLength(2)
    const done: string[] = []
    for (const [name, p] of Object.entries({ a, b, c, d })) void p.then(() => done.push(name))
    // b's sync ends first: it covers a's commit too (it started after it).
    sync.pending[1]?.resolve()
    await turn()
    expect(done).toEqual(['a', 'b'])
    // The third sync starts as one ends, for c and d together.
    expect(sync.pending).toHaveLength(3)
    sync.pending[0]?.resolve()
    await turn()
    expect(done).toEqual(['a', 'b'])
    sync.pending[2]?.resolve()
    await turn()
    expect(done).toEqual(['a', 'b', 'c', 'd'])
    expect(group.whenDurable()).toBeUndefined()
  })

  it('makes a read wait only for the commits it could see', async () => {
    const engine = recordingEngine()
    const sync = manualSync()
    const group = groupCommitter(engine, { durable: sync.durable })
    void group.write(() => 1)
    await turn()
    const read = group.whenDurable()
    let readDone = false
    void read?.then(() => {
      readDone = true
    })
    void group.write(() => 2)
    await turn()
    sync.pending[0]?.resolve()
    await turn()
    // The read saw commit 1 only: its sync is enough, commit 2's need not end.
    expect(readDone).toBe(true)
    expect(group.whenDurable()).toBeInstanceOf(Promise)
    sync.pending[1]?.resolve()
    await turn()
    expect(group.whenDurable()).toBeUndefined()
  })

  it('rejects the writers and readers a failed sync covered: committed but not known durable is not acknowledged', async () => {
    const engine = recordingEngine()
    const sync = manualSync()
    const group = groupCommitter(engine, { durable: sync.durable })
    const writes = Promise.allSettled([group.write(() => 1), group.write(() => 2)])
    await turn()
    const read = group.whenDurable()
    sync.pending[0]?.reject(new Error('EIO'))
    expect((await writes).map((o) => o.status)).toEqual(['rejected', 'rejected'])
    await expect(read).rejects.toThrow('EIO')
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
