/**
 * RtdFiles in memory (ports/rtd-files.port.ts), for tests and for running the RTD flow inside workerd, which has no
 * disk. Same rules as the disk adapter: plain names only, whole files only (a failed write keeps nothing).
 * @module
 */

import { FileTooLargeError, isSafeFileName, type RtdFiles } from '../../ports/rtd-files.port.ts'

async function sha256Hex(parts: readonly Uint8Array[], size: number): Promise<string> {
  const all = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    all.set(p, at)
    at += p.byteLength
  }
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', all))
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('')
}

export function memoryRtdFiles(store = new Map<string, Uint8Array[]>(), prefix = ''): RtdFiles {
  const key = (name: string) => {
    if (!isSafeFileName(name)) throw new RangeError(`not a plain file name: ${JSON.stringify(name)}`)
    return `${prefix}${name}`
  }
  return {
    async write(name, bytes, options) {
      const k = key(name)
      const max = options?.maxBytes ?? Number.POSITIVE_INFINITY
      const parts: Uint8Array[] = []
      let size = 0
      const reader = bytes.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        size += value.byteLength
        if (size > max) {
          await reader.cancel()
          throw new FileTooLargeError(max)
        }
        parts.push(value)
      }
      store.set(k, parts)
      return { size, sha256: await sha256Hex(parts, size) }
    },
    async open(name) {
      const parts = store.get(key(name))
      if (!parts) return null
      let i = 0
      return new ReadableStream<Uint8Array>({
        pull(c) {
          const p = parts[i++]
          if (p) c.enqueue(p)
          else c.close()
        },
      })
    },
    async size(name) {
      const parts = store.get(key(name))
      return parts ? parts.reduce((n, p) => n + p.byteLength, 0) : null
    },
    async list() {
      return [...store.keys()]
        .filter((k) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/'))
        .map((k) => k.slice(prefix.length))
        .sort()
    },
    async remove(name) {
      store.delete(key(name))
    },
    sub: (name) => memoryRtdFiles(store, `${key(name)}/`),
  }
}
