/**
 * Group commit (adapters/libsql/group-commit.ts) through the embedded database: concurrent write
 * batches share one transaction, each caller gets its own results, a failing caller is rolled back
 * and rejected alone (even when its failure rolls back the whole transaction), a failed COMMIT
 * rejects everyone, and a resolved write is visible to the next read.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Db } from '../../../adapters/libsql/client.ts'
import { openEmbeddedDb } from '../../../adapters/libsql/embedded.ts'
import { groupCommitter } from '../../../adapters/libsql/group-commit.ts'
import { recordingEngine } from './recording-engine.ts'

const dirs: string[] = []
const dbs: Db[] = []
afterEach(() => {
  for (const db of dbs.splice(0)) db.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function fileDb(): Promise<Db> {
  const dir = mkdtempSync(join(tmpdir(), 'varco-group-'))
  dirs.push(dir)
  const db = openEmbeddedDb(`file:${join(dir, 'g.db')}`)
  dbs.push(db)
  await db.execute('CREATE TABLE items (id TEXT PRIMARY KEY, n INTEGER NOT NULL) STRICT')
  await db.execute('CREATE TABLE log (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL) STRICT')
  return db
}

const put = (id: string, n: number) => [
  { sql: 'INSERT INTO items (id, n) VALUES (?, ?)', args: [id, n] },
  { sql: 'INSERT INTO log (id) VALUES (?)', args: [id] },
  { sql: 'SELECT seq FROM log WHERE id = ?', args: [id] },
]

const ids = async (db: Db) => (await db.execute('SELECT id FROM items ORDER BY id')).rows.map((r) => String(r['id']))

describe('group commit on the embedded engine', () => {
  it('runs concurrent batches in call order, each caller getting its own results', async () => {
    const db = await fileDb()
    const names = Array.from({ length: 40 }, (_, i) => `p${String(i).padStart(2, '0')}`)
    const results = await Promise.all(names.map((id, i) => db.batch(put(id, i), 'write')))
    results.forEach((rs, i) => {
      expect(rs.map((r) => r.rowsAffected)).toEqual([1, 1, 0])
      // The log's sequence follows the order of the calls.
      expect(rs[2]?.rows[0]?.['seq']).toBe(i + 1)
    })
    expect(await ids(db)).toEqual(names)
  })

  it('rolls back and rejects only the caller whose statement failed', async () => {
    const db = await fileDb()
    await db.batch(put('taken', 0), 'write')
    const outcomes = await Promise.allSettled([
      db.batch(put('a', 1), 'write'),
      // Its log row goes in before the duplicate key fails: it must not stay.
      db.batch([{ sql: 'INSERT INTO log (id) VALUES (?)', args: ['dup'] }, ...put('taken', 9)], 'write'),
      db.execute({ sql: 'INSERT INTO items (id, n) VALUES (?, ?)', args: ['b', 2] }),
    ])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(await ids(db)).toEqual(['a', 'b', 'taken'])
    expect((await db.execute("SELECT id FROM log WHERE id = 'dup'")).rows).toEqual([])
    expect((await db.first("SELECT n FROM items WHERE id = 'taken'"))?.['n']).toBe(0)
  })

  it('replays the others when one failure rolls back the whole transaction', async () => {
    const db = await fileDb()
    await db.execute("CREATE TRIGGER no_boom BEFORE INSERT ON items WHEN NEW.id = 'boom' BEGIN SELECT RAISE(ROLLBACK, 'boom refused'); END")
    const outcomes = await Promise.allSettled([
      db.batch(put('first', 1), 'write'),
      db.batch(put('boom', 2), 'write'),
      db.batch(put('last', 3), 'write'),
    ])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/boom refused/)
    expect(await ids(db)).toEqual(['first', 'last'])
    expect((await db.execute('SELECT id FROM log ORDER BY seq')).rows.map((r) => r['id'])).toEqual(['first', 'last'])
  })

  it('shows a write to the read after it resolves, and never an uncommitted one', async () => {
    const db = await fileDb()
    const write = db.execute({ sql: 'INSERT INTO items (id, n) VALUES (?, ?)', args: ['x', 1] })
    // Asked for in the same turn: the group has not run, and reads see only committed data.
    expect(await db.first("SELECT n FROM items WHERE id = 'x'")).toBeNull()
    await write
    expect((await db.first("SELECT n FROM items WHERE id = 'x'"))?.['n']).toBe(1)
    // A RETURNING statement writes too: grouped, and its rows come back.
    const rs = await db.execute({ sql: "UPDATE items SET n = n + 1 WHERE id = 'x' RETURNING n", args: [] })
    expect(rs.rows[0]?.['n']).toBe(2)
  })

  it('lets the data_version probe run without cutting the group short; other PRAGMAs still come after the writes', async () => {
    const db = await fileDb()
    const first = db.execute({ sql: 'INSERT INTO items (id, n) VALUES (?, ?)', args: ['a', 1] })
    await db.first('PRAGMA data_version')
    // The group has not run: the probe (asked on every authenticated request) left it queued.
    expect(await db.first("SELECT n FROM items WHERE id = 'a'")).toBeNull()
    const second = db.execute({ sql: 'INSERT INTO items (id, n) VALUES (?, ?)', args: ['b', 2] })
    await Promise.all([first, second])
    expect(await ids(db)).toEqual(['a', 'b'])
    const third = db.execute({ sql: 'INSERT INTO items (id, n) VALUES (?, ?)', args: ['c', 3] })
    await db.first('PRAGMA user_version')
    // Any other PRAGMA runs after what was asked before it.
    expect((await db.first("SELECT n FROM items WHERE id = 'c'"))?.['n']).toBe(3)
    await third
  })
})

describe('groupCommitter', () => {
  it('gives the writes of one turn one BEGIN IMMEDIATE and one COMMIT, each in its savepoint', async () => {
    const engine = recordingEngine()
    const group = groupCommitter(engine)
    const out = await Promise.all([1, 2, 3].map((n) => group.write(() => n * 10)))
    expect(out).toEqual([10, 20, 30])
    expect(engine.log.filter((s) => s === 'BEGIN IMMEDIATE')).toHaveLength(1)
    expect(engine.log.filter((s) => s === 'COMMIT')).toHaveLength(1)
    expect(engine.log.filter((s) => s.startsWith('SAVEPOINT'))).toHaveLength(3)
  })

  it('runs the survivors again in a new transaction when a failure ended the first one', async () => {
    const engine = recordingEngine()
    const group = groupCommitter(engine)
    const runs: string[] = []
    const outcomes = await Promise.allSettled([
      group.write(() => runs.push('a')),
      group.write(() => {
        runs.push('fatal')
        engine.exec('ROLLBACK') // what SQLite does on RAISE(ROLLBACK), SQLITE_FULL or an I/O error
        throw new Error('fatal')
      }),
      group.write(() => runs.push('c')),
    ])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(runs).toEqual(['a', 'fatal', 'a', 'c'])
    expect(engine.log.filter((s) => s === 'BEGIN IMMEDIATE')).toHaveLength(2)
    expect(engine.log.filter((s) => s === 'COMMIT')).toHaveLength(1)
  })

  it('rejects every caller when COMMIT fails: nothing is acknowledged that was not committed', async () => {
    const engine = recordingEngine((sql) => sql === 'COMMIT')
    const group = groupCommitter(engine)
    const outcomes = await Promise.allSettled([group.write(() => 1), group.write(() => 2)])
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected'])
    expect(engine.log.at(-1)).toBe('ROLLBACK')
  })

  it('settles no caller before COMMIT has returned', async () => {
    const engine = recordingEngine()
    const group = groupCommitter(engine)
    const seen: number[] = []
    await Promise.all([group.write(() => 1).then(() => seen.push(engine.log.lastIndexOf('COMMIT')))])
    expect(seen[0]).toBeGreaterThanOrEqual(0)
  })
})
