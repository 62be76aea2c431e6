/**
 * A remote libSQL server out of reach is DbUnavailableError (the edge answers 503), whatever the call;
 * an SQL error from a server that answers is not. Against a closed loopback port, a server that takes
 * connections and answers nothing (as a deadlocked sqld does: bench/sqld-stall.ts), and a live sqld.
 * @module
 */

import { createServer, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { openDb } from '../../../adapters/libsql/client.ts'
import { DbUnavailableError, isDbUnreachable } from '../../../adapters/libsql/errors.ts'
import { fileSqld } from '../../setup/file-sqld.ts'
import { freePort } from '../../setup/sqld.ts'

const sqld = fileSqld(import.meta.url)

describe('remote libSQL out of reach', () => {
  it('connection refused: execute, first and batch throw DbUnavailableError', async () => {
    const db = openDb({ url: `http://127.0.0.1:${await freePort()}` })
    try {
      await expect(db.execute('SELECT 1')).rejects.toBeInstanceOf(DbUnavailableError)
      await expect(db.first('SELECT 1')).rejects.toBeInstanceOf(DbUnavailableError)
      await expect(db.batch(['SELECT 1'], 'write')).rejects.toBeInstanceOf(DbUnavailableError)
    } finally {
      db.close()
    }
  })

  it('no answer within timeoutMs: execute, first and batch throw DbUnavailableError instead of hanging', async () => {
    const sockets = new Set<Socket>()
    const silent = createServer((socket) => sockets.add(socket))
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    const { port } = silent.address() as { port: number }
    const db = openDb({ url: `http://127.0.0.1:${port}`, timeoutMs: 300 })
    try {
      for (const call of [() => db.execute('SELECT 1'), () => db.first('SELECT 1'), () => db.batch(['SELECT 1'], 'write')]) {
        const e = await call().catch((x: unknown) => x)
        expect(e).toBeInstanceOf(DbUnavailableError)
        expect((e as Error).message).toMatch(/timeout|timed out/i)
      }
      expect(sockets.size).toBeGreaterThan(0)
    } finally {
      db.close()
      for (const s of sockets) s.destroy()
      silent.close()
    }
  })

  it('an SQL error from a live server, or a bug, is not "unreachable"', async () => {
    const db = openDb({ url: sqld.url() })
    try {
      const e = await db.execute('SELECT * FROM no_such_table').catch((x: unknown) => x)
      expect(e).toBeInstanceOf(Error)
      expect(e).not.toBeInstanceOf(DbUnavailableError)
    } finally {
      db.close()
    }
    expect(isDbUnreachable(new TypeError('x is not a function'))).toBe(false)
    expect(isDbUnreachable(Object.assign(new Error('SERVER_ERROR: 400'), { code: 'SERVER_ERROR', cause: { status: 400 } }))).toBe(false)
    expect(isDbUnreachable(Object.assign(new Error('SERVER_ERROR: 502'), { code: 'SERVER_ERROR', cause: { status: 502 } }))).toBe(true)
  })
})
