/**
 * The parallel RTD aggregator's input cutter: byte chunks → blocks of at least `blockBytes` (or the rest of the input),
 * each ending right after a line end, so every block holds whole lines and the workers can number them from 1 (the
 * main thread adds the lines of the blocks before). A block ends after its last `\n`, or after its last `\r` when a
 * byte follows it (a `\r` at the very end may be the first half of `\r\n`). A line that grows past `maxLineBytes`
 * without a line end is dropped as it comes (memory stays bounded) and the next block is flagged `overlongHead`: its
 * first line is that line's tail, to be reported as overlong. Every byte goes to `onBytes` first, in order (the
 * whole-file sha256).
 * Memory: the bytes are copied into buffers of blockCapacity() bytes that `take` hands out (a pool: the caller reuses
 * the buffers its workers give back, and bounds how many are in flight by making `take` wait); a block is a view on the
 * start of one, the bytes after its cut are copied to the start of the next. Nothing else is allocated per block.
 * @module
 */

export type Block = {
  /** 0-based, in input order. */
  readonly index: number
  /** A view on the start of a buffer from `take` (transfer its `.buffer`). */
  readonly bytes: Uint8Array
  /** The first block: a leading BOM is dropped there only. */
  readonly first: boolean
  readonly overlongHead: boolean
}

export type BlockOptions = {
  readonly blockBytes: number
  readonly maxLineBytes: number
  readonly onBytes: (bytes: Uint8Array) => void
  /** A free buffer of at least blockCapacity() bytes; null: stop (the aggregation failed). */
  readonly take: () => Promise<Uint8Array | null>
  /** Hands a block on; false: stop. */
  readonly send: (block: Block) => Promise<boolean>
}

/** The buffer size `take` must provide. */
export const blockCapacity = (o: { readonly blockBytes: number; readonly maxLineBytes: number }): number =>
  o.blockBytes + o.maxLineBytes + 1

function cutPoint(buf: Uint8Array, len: number): number {
  const lf = buf.lastIndexOf(10, len - 1)
  if (lf >= 0) return lf + 1
  const cr = buf.lastIndexOf(13, len - 1)
  return cr >= 0 && cr < len - 1 ? cr + 1 : 0
}

/** Cuts `chunks` into blocks; returns when the input ends or `take` / `send` says stop. */
export async function cutBlocks(chunks: AsyncIterable<Uint8Array | string>, o: BlockOptions): Promise<void> {
  const encoder = new TextEncoder()
  const cap = blockCapacity(o)
  let buf = await o.take()
  if (!buf) return
  let len = 0
  let index = 0
  let overlongHead = false
  const block = (bytes: Uint8Array): Block => {
    const b = { index, bytes, first: index === 0, overlongHead }
    index++
    overlongHead = false
    return b
  }
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk
    if (bytes.length === 0) continue
    o.onBytes(bytes)
    for (let off = 0; off < bytes.length; ) {
      const n = Math.min(cap - len, bytes.length - off)
      buf.set(n === bytes.length ? bytes : bytes.subarray(off, off + n), len)
      len += n
      off += n
      if (len < o.blockBytes) continue
      const cut = cutPoint(buf, len)
      if (cut > 0) {
        const next = await o.take()
        if (!next) return
        next.set(buf.subarray(cut, len))
        const full = buf
        buf = next
        len -= cut
        if (!(await o.send(block(full.subarray(0, cut))))) return
      } else if (len > o.maxLineBytes) {
        // no line end in far more bytes than a line may hold: drop them, keeping a final `\r` (it may end the line)
        const last = buf[len - 1] === 13
        buf[0] = 13
        len = last ? 1 : 0
        overlongHead = true
      }
    }
  }
  if (len > 0 || overlongHead) await o.send(block(buf.subarray(0, len)))
}
