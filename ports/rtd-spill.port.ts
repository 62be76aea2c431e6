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
   * Optional, with readRunBytes: writes a run given as UTF-8 bytes, each line ended by `\n` (pieces cut anywhere), the
   * same run as writeRun of those lines. The aggregator uses it when offered (no string per line).
   */
  writeRunBytes?(chunks: Iterable<Uint8Array>): Promise<SpillRunId>
  /** Optional: a run's lines as UTF-8 bytes, each ended by `\n`, in pieces cut anywhere. */
  readRunBytes?(id: SpillRunId): AsyncIterable<Uint8Array>
  /** Forgets a run; unknown ids are ignored. */
  deleteRun(id: SpillRunId): Promise<void>
  /** Deletes every run and any scratch space (temp directory). Idempotent. */
  close(): Promise<void>
}
