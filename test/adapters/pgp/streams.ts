/**
 * Stream helpers for the PGP tests: a lazily generated, deterministic CSV-like input that counts what
 * has been pulled and hashes what it produced, and a sink that writes a web stream to a file while
 * observing each chunk.
 * @module
 */

import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'

export type LazyInput = {
  readonly stream: ReadableStream<Uint8Array>
  /** Bytes handed to the consumer so far. */
  pulled(): number
  /** True once the last byte was handed out. */
  ended(): boolean
  /** sha256 (hex) of everything produced; valid once ended. */
  sha256(): string
}

/**
 * `total` bytes of `;`-separated rows (a counter and a pseudo-random field, so ZIP compresses it only
 * partly), made on demand `chunk` bytes at a time: nothing exists before the consumer pulls it.
 */
export function lazyCsv(total: number, chunk = 64 * 1024): LazyInput {
  const hash = createHash('sha256')
  const enc = new TextEncoder()
  let produced = 0
  let row = 0
  let seed = 0x2545f491
  let carry = new Uint8Array(0)
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const size = Math.min(chunk, total - produced)
        const out = new Uint8Array(size)
        let filled = 0
        while (filled < size) {
          if (carry.length === 0) {
            seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
            carry = enc.encode(`12345;${row++};2024-06-01;${seed.toString(36)};${(seed % 99_999) + 1};EUR\n`)
          }
          const n = Math.min(carry.length, size - filled)
          out.set(carry.subarray(0, n), filled)
          carry = carry.subarray(n)
          filled += n
        }
        produced += size
        hash.update(out)
        controller.enqueue(out)
        if (produced >= total) controller.close()
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, pulled: () => produced, ended: () => produced >= total, sha256: () => hash.digest('hex') }
}

/** Writes `stream` to `path`, calling `onChunk` for every chunk before it is written. */
export async function streamToFile(
  stream: ReadableStream<Uint8Array>,
  path: string,
  onChunk: (bytes: Uint8Array) => void = () => {},
): Promise<number> {
  const file = await open(path, 'w')
  let written = 0
  try {
    for await (const bytes of stream) {
      onChunk(bytes)
      await file.write(bytes)
      written += bytes.length
    }
  } finally {
    await file.close()
  }
  return written
}

/** A web stream of `bytes`, in `chunk`-byte pieces. */
export function streamOf(bytes: Uint8Array, chunk = 1000): ReadableStream<Uint8Array> {
  let at = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(at, at + chunk))
      at += chunk
    },
  })
}
