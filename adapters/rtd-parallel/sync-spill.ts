/**
 * The SpillStore of a parallel RTD worker thread (ports/rtd-spill.port.ts): runs as files `<prefix>run-<n>.txt` in the
 * directory all workers share, written and read with synchronous fs calls. A worker has nothing else to do while it
 * spills, and the fs streams of adapters/rtd-spill/fs.ts cost a thread-pool round trip, a stream and a fresh 1 MiB
 * buffer per piece (measured: most of a worker's system time and much of its RSS growth). Runs are read in pieces of
 * one reused buffer: a piece is valid until the next one is asked for (the aggregator's cursors copy what they keep).
 * Text runs (writeRun / readRun) are there for the port's sake; the aggregator writes bytes to this store.
 * @module
 */

import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { SpillRunId, SpillStore } from '../../ports/rtd-spill.port.ts'

const READ_BYTES = 1 << 20

export function syncSpillStore(dir: string, prefix: string): SpillStore {
  if (!/^[a-z0-9]+-$/.test(prefix)) throw new Error(`not a spill id prefix: ${prefix}`)
  const own = new Set<SpillRunId>()
  const piece = new Uint8Array(READ_BYTES)
  let next = 0
  const path = (id: SpillRunId) => {
    if (!/^[a-z0-9]+-run-\d+$/.test(id)) throw new Error(`not a spill run id: ${id}`)
    return join(dir, `${id}.txt`)
  }
  const write = (chunks: Iterable<Uint8Array>): SpillRunId => {
    const id = `${prefix}run-${++next}`
    const fd = openSync(path(id), 'w')
    own.add(id)
    try {
      for (const c of chunks) for (let at = 0; at < c.length; ) at += writeSync(fd, c, at, c.length - at)
    } catch (e) {
      closeSync(fd)
      own.delete(id)
      rmSync(path(id), { force: true })
      throw e
    }
    closeSync(fd)
    return id
  }
  function* read(id: SpillRunId): Generator<Uint8Array> {
    const fd = openSync(path(id), 'r')
    try {
      for (;;) {
        const n = readSync(fd, piece, 0, READ_BYTES, null)
        if (n === 0) return
        yield piece.subarray(0, n)
      }
    } finally {
      closeSync(fd)
    }
  }
  const enc = new TextEncoder()
  const dec = new TextDecoder()
  return {
    writeRunBytes: async (chunks) => write(chunks),
    async *readRunBytes(id) {
      yield* read(id)
    },
    async writeRun(lines) {
      const all: string[] = []
      for await (const l of lines) all.push(`${l}\n`)
      return write([enc.encode(all.join(''))])
    },
    async *readRun(id) {
      let text = ''
      for (const p of read(id)) text += dec.decode(p, { stream: true })
      text += dec.decode()
      const lines = text.split('\n')
      lines.pop()
      yield* lines
    },
    async deleteRun(id) {
      own.delete(id)
      rmSync(path(id), { force: true })
    },
    async close() {
      for (const id of own) rmSync(path(id), { force: true })
      own.clear()
    },
  }
}
