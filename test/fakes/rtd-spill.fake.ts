/**
 * In-memory SpillStore for core tests: runs are arrays of lines. It counts what it is asked to do so tests can check
 * that a run spilled and that every run is deleted in the end.
 * @module
 */

import type { SpillRunId, SpillStore } from '../../ports/rtd-spill.port.ts'

export type MemorySpillStore = SpillStore & {
  readonly runs: Map<SpillRunId, readonly string[]>
  readonly stats: { written: number; deleted: number; closed: boolean }
}

export function memorySpillStore(): MemorySpillStore {
  const runs = new Map<SpillRunId, readonly string[]>()
  const stats = { written: 0, deleted: 0, closed: false }
  let next = 0
  return {
    runs,
    stats,
    async writeRun(lines) {
      const all: string[] = []
      for await (const line of lines) {
        if (/[\r\n]/.test(line)) throw new Error('spill lines may not contain line breaks')
        all.push(line)
      }
      const id = `mem-${++next}`
      runs.set(id, all)
      stats.written++
      return id
    },
    async *readRun(id) {
      const run = runs.get(id)
      if (!run) throw new Error(`no run ${id}`)
      yield* run
    },
    async deleteRun(id) {
      if (runs.delete(id)) stats.deleted++
    },
    async close() {
      runs.clear()
      stats.closed = true
    },
  }
}
