/**
 * RtdFiles on local disk (ports/rtd-files.port.ts): a root directory, sub-directories per tenant and
 * submission. Writes go to `.<name>.<random>.part` and are renamed once complete and flushed (fsync), so a
 * reader never sees half a file; the sha256 is computed while writing.
 * @module
 */

import { createHash, randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, open as openFile, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { FileTooLargeError, isSafeFileName, type RtdFiles, type WrittenFile } from '../../ports/rtd-files.port.ts'

function checked(name: string): string {
  if (!isSafeFileName(name)) throw new RangeError(`not a plain file name: ${JSON.stringify(name)}`)
  return name
}

const missing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT'

async function writeFile(dir: string, name: string, bytes: ReadableStream<Uint8Array>, maxBytes: number): Promise<WrittenFile> {
  await mkdir(dir, { recursive: true })
  const part = join(dir, `.${name}.${randomUUID()}.part`)
  const out = createWriteStream(part)
  const failed = new Promise<never>((_, reject) => out.once('error', reject))
  failed.catch(() => {})
  const hash = createHash('sha256')
  let size = 0
  const reader = bytes.getReader()
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), failed])
      if (done) break
      size += value.byteLength
      if (size > maxBytes) throw new FileTooLargeError(maxBytes)
      hash.update(value)
      if (!out.write(value)) await Promise.race([once(out, 'drain'), failed])
    }
    out.end()
    await Promise.race([once(out, 'finish'), failed])
    const fh = await openFile(part, 'r')
    try {
      await fh.sync()
    } finally {
      await fh.close()
    }
    await rename(part, join(dir, name))
    return { size, sha256: hash.digest('hex') }
  } catch (e) {
    await reader.cancel(e).catch(() => {})
    out.destroy()
    await rm(part, { force: true })
    throw e
  }
}

/** Files under `root` (created on first write). */
export function fsRtdFiles(root: string): RtdFiles {
  const path = (name: string) => join(root, checked(name))
  return {
    write: (name, bytes, options) => writeFile(root, checked(name), bytes, options?.maxBytes ?? Number.POSITIVE_INFINITY),
    async open(name) {
      const p = path(name)
      try {
        if (!(await stat(p)).isFile()) return null
      } catch (e) {
        if (missing(e)) return null
        throw e
      }
      return Readable.toWeb(createReadStream(p, { highWaterMark: 1 << 20 })) as ReadableStream<Uint8Array>
    },
    async size(name) {
      try {
        const s = await stat(path(name))
        return s.isFile() ? s.size : null
      } catch (e) {
        if (missing(e)) return null
        throw e
      }
    },
    async list() {
      try {
        const names = await readdir(root, { withFileTypes: true })
        return names
          .filter((d) => d.isFile() && isSafeFileName(d.name))
          .map((d) => d.name)
          .sort()
      } catch (e) {
        if (missing(e)) return []
        throw e
      }
    },
    async remove(name) {
      await rm(path(name), { force: true })
    },
    sub: (name) => fsRtdFiles(path(name)),
  }
}
