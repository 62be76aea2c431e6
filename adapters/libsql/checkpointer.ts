/**
 * WAL checkpoints off the request path. SQLite's default checkpoints inside the COMMIT that takes
 * the WAL past 1,000 pages: 30–60 ms of page copying and fsync on the event loop, every few thousand
 * writes. Here the serving connection turns that off and a worker thread (checkpoint-worker.ts)
 * checkpoints on a timer. If the thread cannot start (a runtime without worker threads or native
 * addons in them), the connection gets its automatic checkpoints back.
 * @module
 */

import { Worker } from 'node:worker_threads'

/** `stop()` settles once the thread has closed its connection and ended (or after STOP_WAIT_MS). */
export type Checkpointer = { stop(): Promise<void> }

const AUTOCHECKPOINT_PAGES = 1000
/**
 * How long `stop()` waits for the thread. Exiting the process while the thread is still opening its
 * connection made libsql's binding panic (napi_create_external during the VM's shutdown), so a
 * shutdown waits for it; a thread stuck longer than this is left to the exit.
 */
const STOP_WAIT_MS = 2000

export function backgroundCheckpoints(
  engine: { exec(sql: string): void },
  path: string,
  options: { readonly intervalMs?: number; readonly onExit?: () => void } = {},
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
    return { stop: async () => {} }
  }
  let stopped = false
  const exited = new Promise<void>((resolve) => {
    worker.on('error', () => {
      if (!stopped) fallBack()
    })
    worker.on('exit', () => {
      if (!stopped) fallBack()
      options.onExit?.()
      resolve()
    })
  })
  worker.unref()
  let stopping: Promise<void> | null = null
  return {
    stop() {
      if (stopping) return stopping
      stopped = true
      // Unreferenced, the thread would not keep the process alive long enough to report its exit.
      worker.ref()
      worker.postMessage('stop')
      let timer: ReturnType<typeof setTimeout> | undefined
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, STOP_WAIT_MS)
        timer.unref?.()
      })
      stopping = Promise.race([exited, late]).finally(() => clearTimeout(timer))
      return stopping
    },
  }
}
