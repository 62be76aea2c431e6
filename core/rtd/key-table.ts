/**
 * The aggregator's in-memory aggregates: key → slot in a Map, and the slot's count, sum, VAT and POS type in parallel
 * arrays instead of one object per key (fewer objects for the GC to trace and move, less memory per key). Folding
 * follows mergeInto (aggregate.ts): counts and sums stay safe integers, a second VAT or POS type makes it dirty.
 * Slots are numbered in insertion order, which is also the Map's key order (keyList()).
 * @module
 */

import { type AggregateValue, DIRTY_POS_TYPE, DIRTY_VAT, type PosType } from './aggregate.ts'

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

  /** Folds `count` rows summing `amount` into the aggregate at `slot` (from find); false if count or sum would overflow. */
  fold(slot: number, amount: number, vat: string, posType: PosType, count = 1): boolean {
    const n = (this.counts[slot] as number) + count
    const total = (this.totals[slot] as number) + amount
    if (!Number.isSafeInteger(n) || !Number.isSafeInteger(total)) return false
    this.counts[slot] = n
    this.totals[slot] = total
    if (this.vats[slot] !== vat) this.vats[slot] = DIRTY_VAT
    if (this.posTypes[slot] !== posType) this.posTypes[slot] = DIRTY_POS_TYPE
    return true
  }

  /** Adds a key not held yet, with `count` rows summing `amount`. */
  add(key: string, amount: number, vat: string, posType: PosType, count = 1): void {
    const slot = this.counts.length
    this.slots.set(key, slot)
    this.counts.push(count)
    this.totals.push(amount)
    this.vats.push(vat)
    this.posTypes.push(posType)
  }

  /** The keys by slot (insertion order). */
  keyList(): string[] {
    return [...this.slots.keys()]
  }

  valueAt(slot: number): AggregateValue {
    return {
      count: this.counts[slot] as number,
      totalAmount: this.totals[slot] as number,
      vat: this.vats[slot] as string,
      posType: this.posTypes[slot] as PosType,
    }
  }

  /** The spill line of a slot (aggregate.ts encodeSpillLine): `<key>;<count>;<total>;<vat>;<posType>`. */
  lineAt(slot: number, key: string): string {
    return `${key};${this.counts[slot]};${this.totals[slot]};${this.vats[slot]};${this.posTypes[slot]}`
  }

  clear(): void {
    this.slots.clear()
    this.counts = []
    this.totals = []
    this.vats = []
    this.posTypes = []
  }
}
