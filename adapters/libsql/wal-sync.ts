/**
 * The fsync of an embedded database's commits, off the event loop: `fdatasync` of the WAL file on libuv's
 * thread pool, for a connection that commits with `synchronous = NORMAL` (WAL frames written, not synced).
 * A sync started after COMMIT returned covers everything that COMMIT wrote (fdatasync flushes the file's
 * data and size, whichever descriptor wrote them), so a write acknowledged after it is as durable as with
 * `synchronous = FULL`. What NORMAL leaves to SQLite stays SQLite's: the WAL is synced before each
 * checkpoint, the database after it, and the WAL header when the log restarts, so overwriting frames
 * already checkpointed loses nothing.
 *
 * The descriptor is this module's own (SQLite's is not reachable from JS); before each sync the path is
 * checked to still name the same file (a WAL deleted and made again, e.g. after every connection closed,
 * gets a new descriptor). With no WAL file at all there is nothing uncheckpointed: the database file is
 * synced instead. The directory is synced once when the WAL is first opened, so the file's name survives too.
 * @module
 */

import { closeSync, fdatasync, fdatasyncSync, fstatSync, fsyncSync, openSync, statSync } from 'node:fs'
import { dirname } from 'node:path'

export type WalSync = {
  /** Resolves once everything committed before the call is on disk. */
  sync(): Promise<void>
  /** The same, blocking (close, exit). */
  syncNow(): void
  close(): void
}

export function walSync(dbPath: string): WalSync {
  const walPath = `${dbPath}-wal`
  let fd: number | null = null
  let ino = -1
  let dirSynced = false
  /** Syncs queued on the thread pool, and descriptors replaced meanwhile (closed once none is queued). */
  let inFlight = 0
  let retired: number[] = []
  const closeRetired = () => {
    for (const r of retired) closeSync(r)
    retired = []
  }

  /** The descriptor of the file the WAL path names now (reopened when it changed), or of the database. */
  const current = (): number => {
    const st = statSync(walPath, { throwIfNoEntry: false })
    const path = st === undefined ? dbPath : walPath
    const want = st === undefined ? statSync(dbPath).ino : st.ino
    if (fd !== null && ino === want) return fd
    if (fd !== null) retired.push(fd)
    if (inFlight === 0) closeRetired()
    fd = openSync(path, 'r')
    ino = fstatSync(fd).ino
    if (!dirSynced) {
      const dir = openSync(dirname(dbPath), 'r')
      try {
        fsyncSync(dir)
      } finally {
        closeSync(dir)
      }
      dirSynced = true
    }
    return fd
  }

  return {
    sync() {
      return new Promise<void>((resolve, reject) => {
        let target: number
        try {
          target = current()
        } catch (e) {
          reject(e)
          return
        }
        inFlight++
        fdatasync(target, (e) => {
          if (--inFlight === 0) closeRetired()
          e ? reject(e) : resolve()
        })
      })
    },
    syncNow() {
      fdatasyncSync(current())
    },
    close() {
      if (fd !== null) retired.push(fd)
      fd = null
      if (inFlight === 0) closeRetired()
    },
  }
}
