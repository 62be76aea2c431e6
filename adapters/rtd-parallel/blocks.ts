/**
 * The parallel RTD aggregator's input cutter: byte chunks → blocks of about `blockBytes`, each ending right after a
 * line end, so every block holds whole lines and the workers can number them from 1 (the main thread adds the lines
 * of the blocks before). A block ends after its last `\n`, or after its last `\r` when a byte follows it (a `\r` at the
 * very end may be the first half of `\r\n`). A line that grows past `maxLineBytes` without a line end is dropped as it
 * comes (memory stays bounded) and the next block is flagged `overlongHead`: its first line is that line's tail, to be
 * reported as overlong. Every byte goes to `onBytes` first, in order (the whole-file sha256). Blocks are fresh
 * Uint8Arrays that may be transferred to a worker.
 * @module
 */

export type Block = {
  /** 0-based, in input order. */
  readonly index: number
  readonly bytes: Uint8Array
  /** The first block: a leading BOM is dropped there only. */
  readonly first: boolean
  readonly overlongHead: boolean
}

export type BlockOptions = {
  readonly blockBytes: number
  readonly maxLineBytes: number
  readonly onBytes: (bytes: Uint8Array) => void
}

function cutPoint(buf: Uint8Array): number {
  const lf = buf.lastIndexOf(10)
  if (lf >= 0) return lf + 1
  const cr = buf.lastIndexOf(13)
  return cr >= 0 && cr < buf.length - 1 ? cr + 1 : 0
}

export async function* lineBlocks(chunks: AsyncIterable<Uint8Array | string>, o: BlockOptions): AsyncGenerator<Block> {
  const encoder = new TextEncoder()
  let pending: Uint8Array[] = []
  let size = 0
  let index = 0
  let overlongHead = false
  const take = (bytes: Uint8Array): Block => {
    const block = { index, bytes, first: index === 0, overlongHead }
    index++
    overlongHead = false
    return block
  }
  const joined = () => {
    const buf = new Uint8Array(size)
    let at = 0
    for (const p of pending) {
      buf.set(p, at)
      at += p.length
    }
    return buf
  }
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk
    if (bytes.length === 0) continue
    o.onBytes(bytes)
    pending.push(bytes)
    size += bytes.length
    if (size < o.blockBytes) continue
    const buf = joined()
    const cut = cutPoint(buf)
    if (cut > 0) {
      yield take(buf.slice(0, cut))
      pending = cut < size ? [buf.slice(cut)] : []
      size -= cut
    } else if (size > o.maxLineBytes) {
      // no line end in far more bytes than a line may hold: drop them, keeping a final `\r` (it may end the line)
      const last = buf[size - 1] === 13
      pending = last ? [buf.slice(size - 1)] : []
      size = last ? 1 : 0
      overlongHead = true
    } else {
      pending = [buf]
    }
  }
  if (size > 0 || overlongHead) yield take(joined())
}
