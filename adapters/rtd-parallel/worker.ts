/**
 * Worker thread of the parallel RTD aggregator (aggregate.ts, messages in protocol.ts): folds the blocks it is given
 * into its own key table with the single-threaded aggregator's row loop (core/rtd/fold.ts), spilling to hash
 * partitions in the shared directory (sync-spill.ts); on `flush` writes its table out; on `finish` folds its range of
 * partitions from every worker's runs. Line numbers it reports are relative to the block. Each block's buffer goes back
 * to the main thread with the reply (transferred), to be filled again.
 * @module
 */

import { parentPort, workerData } from 'node:worker_threads'
import { ByteLineCursor } from '../../core/rtd/byte-lines.ts'
import { type BadRow, RowFolder } from '../../core/rtd/fold.ts'
import { RtdSumOverflow } from '../../core/rtd/partition.ts'
import type { SpillRunId } from '../../ports/rtd-spill.port.ts'
import type { BlockReply, FromWorker, ToWorker, WorkerInit } from './protocol.ts'
import { syncSpillStore } from './sync-spill.ts'

const init = workerData as WorkerInit
const port = parentPort
if (!port) throw new Error('rtd-parallel worker.ts runs only as a worker thread')
const spill = syncSpillStore(init.dir, `w${init.id}-`)
const folder = new RowFolder({
  senderCode: init.senderCode,
  spill,
  maxKeys: init.maxKeys,
  partitionBits: init.partitionBits,
  abiToFiscalCode: init.abiToFiscalCode.length ? new Map(init.abiToFiscalCode) : undefined,
})
async function block(m: Extract<ToWorker, { type: 'block' }>): Promise<BlockReply> {
  const before = { comments: folder.comments, rows: folder.rowsRead }
  const bad: BadRow[] = []
  const onBad = (r: BadRow) => {
    bad.push(r)
    return bad.length > init.skipLimit
  }
  folder.lines = 0
  const c = new ByteLineCursor(init.maxLineChars, m.first, m.overlongHead)
  c.push(m.bytes)
  let s = await folder.foldChunk(c, onBad)
  if (s === null) s = await folder.foldEnd(c, onBad)
  const stop = s !== null && s !== 'stopped' ? s : null
  return {
    type: 'block',
    index: m.index,
    buffer: m.bytes.buffer as ArrayBuffer,
    lines: folder.lines,
    comments: folder.comments - before.comments,
    rows: folder.rowsRead - before.rows,
    bad,
    stop,
    keysHeld: folder.table.size,
    spills: folder.spills,
  }
}

async function handle(m: ToWorker): Promise<FromWorker> {
  if (m.type === 'block') return block(m)
  if (m.type === 'flush') {
    if (folder.table.size > 0) await folder.partitioner.flush(folder.table, 0, folder.parts)
    return { type: 'parts', parts: folder.parts, peakKeys: folder.peakKeys }
  }
  const out: SpillRunId[] = []
  try {
    const aggregates = await folder.partitioner.finish(m.parts, 0, out, folder.table)
    return { type: 'finished', out, aggregates, peakKeys: folder.partitioner.peakKeys }
  } catch (e) {
    if (e instanceof RtdSumOverflow) return { type: 'overflow' }
    throw e
  }
}

let chain: Promise<void> = Promise.resolve()
port.on('message', (m: ToWorker) => {
  chain = chain.then(async () => {
    let reply: FromWorker
    try {
      reply = await handle(m)
    } catch (e) {
      reply = { type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }
    }
    port.postMessage(reply, reply.type === 'block' ? [reply.buffer] : [])
  })
})
