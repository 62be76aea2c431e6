/**
 * The aggregator's in-memory aggregates: key → slot in a Map, and the slot's count, sum, VAT and POS type in parallel
 * arrays instead of one object per key (fewer objects for the GC to trace and move, less memory per key). Folding a
 * row follows mergeInto (aggregate.ts): counts and sums stay safe integers, a second VAT or POS type makes it dirty.
 * @module
 */

import { type AggregateValue, DIRTY_POS_TYPE, DIRTY_VAT, encodeSpillLine, type PosType } from './aggregate.ts'

export class KeyTable {
  private readonly slots = new Map<string, number>()
  private counts: number[] = []
  private totals: number[] = []
  private vats: string[] = []
  private posTypes: PosType[] = []

  get size(): number {
    return this.slots.size
  }

  /** The key's slot, or -1 when it is not held. */
  find(key: string): number {
    return this.slots.get(key) ?? -1
  }

  /** Folds one row into the aggregate at `slot` (from find); false if its count or sum would overflow. */
  fold(slot: number, amount: number, vat: string, posType: PosType): boolean {
    const count = (this.counts[slot] as number) + 1
    const total = (this.totals[slot] as number) + amount
    if (!Number.isSafeInteger(count) || !Number.isSafeInteger(total)) return false
    this.counts[slot] = count
    this.totals[slot] = total
    if (this.vats[slot] !== vat) this.vats[slot] = DIRTY_VAT
    if (this.posTypes[slot] !== posType) this.posTypes[slot] = DIRTY_POS_TYPE
    return true
  }

  /** Adds a key not held yet, with one row. */
  add(key: string, amount: number, vat: string, posType: PosType): void {
    const slot = this.counts.length
    this.slots.set(key, slot)
    this.counts.push(1)
    this.totals.push(amount)
    this.vats.push(vat)
    this.posTypes.push(posType)
  }

  /** The keys in ascending order (plain string comparison, as aggregate.ts orders them). */
  sortedKeys(): string[] {
    return [...this.slots.keys()].sort()
  }

  value(key: string): AggregateValue {
    const slot = this.slots.get(key) as number
    return {
      count: this.counts[slot] as number,
      totalAmount: this.totals[slot] as number,
      vat: this.vats[slot] as string,
      posType: this.posTypes[slot] as PosType,
    }
  }

  /** The held aggregates as spill lines (encodeSpillLine), ascending by key. */
  *spillLines(): Generator<string> {
    for (const key of this.sortedKeys()) {
      const slot = this.slots.get(key) as number
      yield encodeSpillLine(key, {
        count: this.counts[slot] as number,
        totalAmount: this.totals[slot] as number,
        vat: this.vats[slot] as string,
        posType: this.posTypes[slot] as PosType,
      })
    }
  }

  clear(): void {
    this.slots.clear()
    this.counts = []
    this.totals = []
    this.vats = []
    this.posTypes = []
  }
}
