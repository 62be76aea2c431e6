/**
 * Messages between the parallel RTD aggregator (aggregate.ts) and its worker threads (worker.ts). A worker handles its
 * messages one at a time, in order, and answers each with exactly one reply, in order.
 * @module
 */

import type { BadRow, FoldStop } from '../../core/rtd/fold.ts'
import type { Parts } from '../../core/rtd/partition.ts'
import type { SpillRunId } from '../../ports/rtd-spill.port.ts'

export type WorkerInit = {
  readonly id: number
  /** The spill directory all workers share (each writes runs prefixed `w<id>-`). */
  readonly dir: string
  readonly senderCode: string
  readonly abiToFiscalCode: readonly (readonly [string, string])[]
  /** This worker's share of the key budget. */
  readonly maxKeys: number
  /** Hash bits of the level-0 partitions (Partitioner topBits). */
  readonly partitionBits: number
  readonly skipLimit: number
  readonly maxLineChars: number
}

export type ToWorker =
  /** `bytes` is a view on the start of a transferred buffer; the reply gives the buffer back. */
  | { readonly type: 'block'; readonly index: number; readonly bytes: Uint8Array; readonly first: boolean; readonly overlongHead: boolean }
  /** End of input: write the key table out to the partitions. */
  | { readonly type: 'flush' }
  /** Fold these partitions (their runs from every worker; others empty) and write their final runs, in partition order. */
  | { readonly type: 'finish'; readonly parts: Parts }

export type BlockReply = {
  readonly type: 'block'
  readonly index: number
  /** The block's buffer, given back (transferred) for the next block. */
  readonly buffer: ArrayBuffer
  /** Lines in the block; line numbers below are 1-based within the block. */
  readonly lines: number
  readonly comments: number
  readonly rows: number
  /** Bad rows in line order; at most skipLimit + 1 (the block stops there). */
  readonly bad: readonly BadRow[]
  readonly stop: FoldStop | null
  readonly keysHeld: number
  readonly spills: number
}

export type FromWorker =
  | BlockReply
  | { readonly type: 'parts'; readonly parts: Parts; readonly peakKeys: number }
  | {
      readonly type: 'finished'
      readonly out: readonly SpillRunId[]
      readonly aggregates: number
      readonly peakKeys: number
    }
  | { readonly type: 'overflow' }
  | { readonly type: 'failed'; readonly message: string }
