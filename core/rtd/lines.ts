/**
 * Input bytes → numbered lines, hashing every byte on the way (the `#sha256sum:` of B2.1 covers the whole input file,
 * comments and line ends included). Lines end at `\n`, `\r\n` or a lone `\r`, like Java's `BufferedReader.readLine`
 * under the reference batch's reader; a leading UTF-8 BOM is dropped. A line longer than `maxLineChars` is not kept:
 * it comes out empty with `overlong: true`, so a file without line breaks cannot grow memory.
 * @module
 */

import type { Hasher } from '../../ports/hasher.port.ts'

export type InputLine = {
  /** 1-based physical line number, comments included. */
  readonly number: number
  readonly text: string
  readonly overlong: boolean
}

export type LineReaderOptions = {
  readonly hasher: Hasher
  /** Longest line kept, in UTF-16 code units (default 16,384; a valid row is under 2,100). */
  readonly maxLineChars?: number
  /** Incremented by the size of each chunk read, in bytes (strings count their UTF-8 length). */
  readonly counter?: { bytes: number }
  /** Drop a leading UTF-8 BOM (default true; false for a piece cut from the middle of a file). */
  readonly stripBom?: boolean
}

export const DEFAULT_MAX_LINE_CHARS = 16_384

/**
 * Splits `chunks` (bytes or text, cut anywhere) into lines. Text chunks are hashed as UTF-8; do not mix the two kinds
 * when a byte chunk may end inside a multi-byte character.
 */
export async function* readLines(chunks: AsyncIterable<Uint8Array | string>, opts: LineReaderOptions): AsyncGenerator<InputLine> {
  for await (const batch of readLineBatches(chunks, opts)) for (const line of batch) yield line
}

/**
 * readLines, one array per input chunk (the lines that chunk completed, possibly none): a consumer that loops over
 * each array pays one async step per chunk instead of one per line.
 */
export async function* readLineBatches(chunks: AsyncIterable<Uint8Array | string>, opts: LineReaderOptions): AsyncGenerator<InputLine[]> {
  const max = opts.maxLineChars ?? DEFAULT_MAX_LINE_CHARS
  const decoder = new TextDecoder('utf-8')
  const encoder = new TextEncoder()
  let partial = ''
  let overlong = false
  let pendingCr = false
  let first = opts.stripBom !== false
  let number = 0

  const take = (text: string): InputLine => {
    number++
    const long = overlong || text.length > max
    overlong = false
    return { number, text: long ? '' : text, overlong: long }
  }

  for await (const chunk of chunks) {
    let s: string
    if (typeof chunk === 'string') {
      const bytes = encoder.encode(chunk)
      opts.hasher.update(bytes)
      if (opts.counter) opts.counter.bytes += bytes.length
      s = chunk
    } else {
      opts.hasher.update(chunk)
      if (opts.counter) opts.counter.bytes += chunk.length
      s = decoder.decode(chunk, { stream: true })
    }
    if (s === '') continue
    if (first) {
      first = false
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1)
    }
    if (pendingCr) {
      pendingCr = false
      if (s.charCodeAt(0) === 10) s = s.slice(1)
    }
    if (s.charCodeAt(s.length - 1) === 13) pendingCr = true
    const parts = s.includes('\r') ? s.split(/\r\n|\r|\n/) : s.split('\n')
    const last = parts.length - 1
    const batch: InputLine[] = new Array(last)
    for (let i = 0; i < last; i++) {
      const piece = parts[i] as string
      batch[i] = take(i === 0 ? partial + piece : piece)
      if (i === 0) partial = ''
    }
    if (last > 0) yield batch
    partial += parts[last] as string
    if (partial.length > max) {
      overlong = true
      partial = ''
    }
  }
  partial += decoder.decode()
  if (partial !== '' || overlong) yield [take(partial)]
}
