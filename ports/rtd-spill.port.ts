/**
 * Scratch storage for the RTD aggregator's sorted runs, so aggregation memory stays bounded however many distinct
 * keys a file has (issue 13 point 3). A run is a sequence of lines, written once and read back in the same order.
 * Lines never contain `\n` or `\r`. Implementations: adapters/rtd-spill/fs.ts (temp files) and an in-memory fake.
 * @module
 */

export type SpillRunId = string

export interface SpillStore {
  /**
   * Writes a whole run (already sorted by the caller) and returns its id once it can be read back. If `lines` throws,
   * nothing of the run is kept and the error propagates.
   */
  writeRun(lines: Iterable<string> | AsyncIterable<string>): Promise<SpillRunId>
  /** The lines of a run, in written order. A run may be read more than once until it is deleted. */
  readRun(id: SpillRunId): AsyncIterable<string>
  /**
   * Optional: the same lines as readRun, in arrays of any size (one async step per array instead of per line). The
   * merge uses it when offered.
   */
  readRunBatches?(id: SpillRunId): AsyncIterable<readonly string[]>
  /**
   * Optional, with readRunBytes: writes a run of opaque bytes (pieces cut anywhere), read back by readRunBytes exactly
   * as written. The pieces may be reused by the caller once the promise resolves (copy them if kept). When a store offers both, the aggregator writes its runs in a binary record format (core/rtd/spill-records.ts:
   * no text, the key hash stored); otherwise it writes text lines with writeRun.
   */
  writeRunBytes?(chunks: Iterable<Uint8Array>): Promise<SpillRunId>
  /** Optional: the bytes of a run written by writeRunBytes, in written order, in pieces cut anywhere. */
  readRunBytes?(id: SpillRunId): AsyncIterable<Uint8Array>
  /** Forgets a run; unknown ids are ignored. */
  deleteRun(id: SpillRunId): Promise<void>
  /** Deletes every run and any scratch space (temp directory). Idempotent. */
  close(): Promise<void>
}
