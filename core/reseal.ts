/**
 * Re-sealing stored secrets under the SecretBox's current key, one store at a time (`varco keys rotate`:
 * core/secrets-rotation.ts). Each item names its sealed values with their contexts and how to write the
 * re-sealed ones back, conditionally on what was read; values already under the current key are left.
 * @module
 */

import type { Logger } from '../ports/logger.port.ts'
import type { SecretBox } from '../ports/secret-box.port.ts'

export type RotationCounts = { scanned: number; resealed: number; current: number; failed: number; raced: number }

/** One stored row's sealed values: how to re-seal them, and where it is (for the log, never the value). */
export type SealedItem = {
  readonly sealed: readonly { readonly value: string; readonly context: string; readonly field: string }[]
  readonly where: Record<string, string>
  /** Writes the re-sealed values (by field) if the stored ones are still those read; false when they changed. */
  readonly write: (next: Readonly<Record<string, string>>) => Promise<boolean>
}

/**
 * Re-seals every item not wholly under the current key. A value that does not open (or a write that
 * throws) is counted as failed and logged as `a stored <what> does not open` with the item's `where`;
 * a write refused because the row changed meanwhile is counted as raced.
 */
export async function resealItems(box: SecretBox, logger: Logger, what: string, items: readonly SealedItem[]): Promise<RotationCounts> {
  const counts: RotationCounts = { scanned: 0, resealed: 0, current: 0, failed: 0, raced: 0 }
  for (const item of items) {
    counts.scanned++
    if (item.sealed.every((s) => box.keyIdOf(s.value) === box.currentKeyId)) {
      counts.current++
      continue
    }
    try {
      const next: Record<string, string> = {}
      for (const s of item.sealed) next[s.field] = await box.seal(await box.open(s.value, s.context), s.context)
      if (await item.write(next)) counts.resealed++
      else counts.raced++
    } catch {
      counts.failed++
      logger.error(`a stored ${what} does not open`, item.where)
    }
  }
  return counts
}
