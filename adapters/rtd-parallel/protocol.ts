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
  readonly skipLimit: number
  readonly maxLineChars: number
}

export type ToWorker =
  | { readonly type: 'block'; readonly index: number; readonly bytes: Uint8Array; readonly first: boolean; readonly overlongHead: boolean }
  /** End of input: write the key table out to the partitions. */
  | { readonly type: 'flush' }
  /** Fold partition `p` from these runs (every worker's) and write its final runs. */
  | { readonly type: 'finish'; readonly p: number; readonly runs: readonly SpillRunId[] }

export type BlockReply = {
  readonly type: 'block'
  readonly index: number
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
      readonly p: number
      readonly out: readonly SpillRunId[]
      readonly aggregates: number
      readonly peakKeys: number
    }
  | { readonly type: 'overflow' }
  | { readonly type: 'failed'; readonly message: string }
