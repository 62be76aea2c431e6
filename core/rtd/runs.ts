/**
 * Reading a spill run as arrays of lines (readRunBatches when the store has it, else readRun in arrays of 4,096).
 * @module
 */

import type { SpillRunId, SpillStore } from '../../ports/rtd-spill.port.ts'

/** A run's lines in arrays (readRunBatches when the store has it). */
export function runBatches(spill: SpillStore, id: SpillRunId): AsyncIterable<readonly string[]> {
  if (spill.readRunBatches) return spill.readRunBatches(id)
  return (async function* () {
    let batch: string[] = []
    for await (const line of spill.readRun(id)) {
      batch.push(line)
      if (batch.length >= 4096) {
        yield batch
        batch = []
      }
    }
    if (batch.length) yield batch
  })()
}
