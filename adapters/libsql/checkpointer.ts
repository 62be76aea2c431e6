/**
 * WAL checkpoints off the request path. SQLite's default checkpoints inside the COMMIT that takes
 * the WAL past 1,000 pages: 30–60 ms of page copying and fsync on the event loop, every few thousand
 * writes. Here the serving connection turns that off and a worker thread (checkpoint-worker.ts)
 * checkpoints on a timer. If the thread cannot start (a runtime without worker threads or native
 * addons in them), the connection gets its automatic checkpoints back.
 * @module
 */

import { Worker } from 'node:worker_threads'

export type Checkpointer = { stop(): void }

const AUTOCHECKPOINT_PAGES = 1000

export function backgroundCheckpoints(
  engine: { exec(sql: string): void },
  path: string,
  options: { readonly intervalMs?: number } = {},
): Checkpointer {
  engine.exec('PRAGMA wal_autocheckpoint = 0')
  const fallBack = () => {
    try {
      engine.exec(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`)
    } catch {}
  }
  let worker: Worker
  try {
    worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url), {
      workerData: { path, intervalMs: options.intervalMs ?? 500 },
    })
  } catch {
    fallBack()
    return { stop() {} }
  }
  let stopped = false
  worker.on('error', () => {
    if (!stopped) fallBack()
  })
  worker.on('exit', () => {
    if (!stopped) fallBack()
  })
  worker.unref()
  return {
    stop() {
      stopped = true
      worker.postMessage('stop')
    },
  }
}
