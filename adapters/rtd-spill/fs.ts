/**
 * SpillStore on local disk (ports/rtd-spill.port.ts): one temp directory per store (`varco-rtd-spill-*` under the OS
 * temp dir or `parentDir`), one file per run, written through a stream with back-pressure and read back as lines.
 * Runs given as bytes (writeRunBytes) are written as they come and read back as bytes. A run whose writer fails is removed; `close()` removes the directory with everything left in it.
 * @module
 */

import { once } from 'node:events'
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readLineBatches } from '../../core/rtd/lines.ts'
import type { Hasher } from '../../ports/hasher.port.ts'
import type { SpillRunId, SpillStore } from '../../ports/rtd-spill.port.ts'

export type FsSpillOptions = {
  /** Where the temp directory goes (default `os.tmpdir()`). */
  readonly parentDir?: string
  /** Bytes buffered before a write (default 256 KiB). */
  readonly bufferBytes?: number
  /** Bytes per read of a run (default 1 MiB; the aggregator reads one run at a time). */
  readonly readBytes?: number
  /**
   * Use this existing directory instead of a new temp one (stores of several worker threads sharing one directory, each
   * with its own idPrefix, can read each other's runs); close() then deletes only the runs this store wrote.
   */
  readonly dir?: string
  /** Prefix of this store's run ids: lower-case letters and digits then `-` (default none). */
  readonly idPrefix?: string
}

/**
 * Destroys a write stream and waits until its file is closed: a stream destroyed before its file was opened still
 * opens (creates) it afterwards, which would leave a run behind the rm that follows.
 */
async function discard(out: WriteStream): Promise<void> {
  if (out.closed) return
  const closed = once(out, 'close').catch(() => {})
  out.destroy()
  await closed
}

const noHash: Hasher = { update: () => {}, hexDigest: () => '' }

export async function createFsSpillStore(opts: FsSpillOptions = {}): Promise<SpillStore & { readonly dir: string }> {
  const prefix = opts.idPrefix ?? ''
  if (!/^([a-z0-9]+-)?$/.test(prefix)) throw new Error(`not a spill id prefix: ${prefix}`)
  const shared = opts.dir !== undefined
  const dir = opts.dir ?? (await mkdtemp(join(opts.parentDir ?? tmpdir(), 'varco-rtd-spill-')))
  const own = new Set<SpillRunId>()
  const flushAt = opts.bufferBytes ?? 262_144
  const readBytes = opts.readBytes ?? 1 << 20
  let next = 0
  let closed = false
  const path = (id: SpillRunId) => {
    if (!/^([a-z0-9]+-)?run-\d+$/.test(id)) throw new Error(`not a spill run id: ${id}`)
    return join(dir, `${id}.txt`)
  }
  async function* readRunBatches(id: SpillRunId): AsyncGenerator<string[]> {
    const bytes = createReadStream(path(id), { highWaterMark: readBytes })
    for await (const batch of readLineBatches(bytes, { hasher: noHash, maxLineChars: Number.MAX_SAFE_INTEGER })) {
      yield batch.map((l) => l.text)
    }
  }

  /**
   * A new run file filled by `fill` through a writer with back-pressure; the run's id once the file is
   * finished. A run whose filling or writing fails is removed, and the error passed on.
   */
  async function newRun(fill: (write: (data: string | Uint8Array) => Promise<void>) => Promise<void>): Promise<SpillRunId> {
    if (closed) throw new Error('spill store is closed')
    const id = `${prefix}run-${++next}`
    own.add(id)
    const out = createWriteStream(path(id), { highWaterMark: 1 << 20 })
    const failed = new Promise<never>((_, reject) => out.once('error', reject))
    failed.catch(() => {})
    try {
      await fill(async (data) => {
        if (!out.write(data)) await Promise.race([once(out, 'drain'), failed])
      })
      out.end()
      await Promise.race([once(out, 'finish'), failed])
      return id
    } catch (e) {
      await discard(out)
      own.delete(id)
      await rm(path(id), { force: true })
      throw e
    }
  }

  return {
    dir,
    async writeRun(lines) {
      return newRun(async (write) => {
        let buf = ''
        if (Symbol.iterator in lines) {
          // A sync source (the aggregator's sorted table) is read without an async step per line.
          for (const line of lines) {
            buf += `${line}\n`
            if (buf.length >= flushAt) {
              await write(buf)
              buf = ''
            }
          }
        } else {
          for await (const line of lines) {
            buf += `${line}\n`
            if (buf.length >= flushAt) {
              await write(buf)
              buf = ''
            }
          }
        }
        if (buf) await write(buf)
      })
    },
    async writeRunBytes(chunks) {
      return newRun(async (write) => {
        for (const chunk of chunks) await write(chunk)
      })
    },
    async *readRunBytes(id) {
      for await (const chunk of createReadStream(path(id), { highWaterMark: readBytes })) yield chunk as Uint8Array
    },
    async *readRun(id) {
      for await (const batch of readRunBatches(id)) for (const line of batch) yield line
    },
    readRunBatches,
    async deleteRun(id) {
      own.delete(id)
      await rm(path(id), { force: true })
    },
    async close() {
      closed = true
      if (!shared) await rm(dir, { recursive: true, force: true })
      else await Promise.all([...own].map((id) => rm(path(id), { force: true })))
      own.clear()
    },
  }
}
