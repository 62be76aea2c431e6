/** What the benches share to run a server of their own: the pinned Node, and waiting for it to answer. @module */

import type { ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The Node 22 of node_modules (the system one may be older). */
export const NODE = join(process.cwd(), 'node_modules', '.bin', 'node')

/** Resolves once `url` answers 2xx; fails when the child exits first or after `timeoutMs` (60 s: a loaded machine starts slowly). */
export async function waitFor(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {}
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${url} did not answer`)
}

/** User + system CPU seconds process `pid` has used so far (fields 14 and 15 of /proc/<pid>/stat, 100 ticks a second). Linux only. */
export function cpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/stat`)
}

function statCpuSeconds(path: string): number {
  const stat = readFileSync(path, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/**
 * CPU seconds of process `pid` so far, split into its main thread (the event loop that answers requests: its
 * share bounds the request rate) and its other threads (V8's GC helpers, libuv's pool with the fsyncs, the
 * checkpointer; threads that have ended no longer count). Zeros where /proc is missing (not Linux).
 */
export function threadCpuSeconds(pid: number | undefined): { readonly main: number; readonly other: number } {
  if (pid === undefined || !existsSync(`/proc/${pid}/task`)) return { main: 0, other: 0 }
  let main = 0
  let other = 0
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const s = statCpuSeconds(`/proc/${pid}/task/${tid}/stat`)
      if (tid === String(pid)) main = s
      else other += s
    } catch {} // a thread that ended meanwhile
  }
  return { main, other }
}
