/**
 * The WAL checkpointer's thread (started by checkpointer.ts): its own connection to the database
 * file runs `PRAGMA wal_checkpoint(PASSIVE)` every `intervalMs`, so that copying WAL pages into the
 * database and its fsync never block the event loop that answers requests. PASSIVE waits for no one
 * and makes no one wait; SQLite's own locks keep it safe next to the writer.
 * @module
 */

import { parentPort, workerData } from 'node:worker_threads'
import Database from 'libsql'

type Engine = { exec(sql: string): void; close(): void }

const { path, intervalMs } = workerData as { readonly path: string; readonly intervalMs: number }
const engine = new Database(path, { timeout: 5 }) as unknown as Engine
engine.exec('PRAGMA synchronous = FULL')
const timer = setInterval(() => {
  try {
    engine.exec('PRAGMA wal_checkpoint(PASSIVE)')
  } catch {
    // Busy or locked: the next round tries again.
  }
}, intervalMs)
const onMessage = (m: unknown) => {
  if (m !== 'stop') return
  clearInterval(timer)
  engine.close()
  // Nothing left to keep the thread alive: it ends (Deno's parentPort has no close()).
  parentPort?.off('message', onMessage)
}
parentPort?.on('message', onMessage)
parentPort?.postMessage('ready')
