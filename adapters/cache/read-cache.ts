/**
 * A small read cache for the rows every authenticated request reads (API keys, platform keys, the
 * tenant, its intermediary credentials), shared by the decorators in ./cached-repos.ts.
 *
 * Freshness, in this order:
 * - a write through the cached repositories of this process/isolate empties the cache at once;
 * - `refresh()` asks the database whether another connection has committed since the last ask
 *   (the embedded file: `PRAGMA data_version`) and empties the cache if so; the gateway calls it
 *   once per authenticated request, so the CLI's writes to the same file are seen at once. The
 *   calls made during one event-loop turn share one probe, run once that turn's callbacks are done
 *   (`setImmediate`): a probe is only ever shared by calls made before it started, so each caller
 *   still sees every commit that completed before its own call (the guarantee of a probe per call);
 * - in any case an entry is used for at most `ttlMs` after it was read (the bound for other
 *   instances sharing a remote libSQL database, and for Workers isolates).
 * Misses are never cached; a read that raced with a write is not stored.
 * @module
 */

import type { Clock } from '../../ports/clock.port.ts'

export type ReadCacheOptions = {
  /** How long an entry may be used, in ms; 0 disables the cache. */
  readonly ttlMs: number
  readonly clock: Clock
  /** A token that changes when another connection has committed (null: no such signal). */
  readonly probe?: (() => Promise<unknown>) | null
  /** Entries kept per table before the oldest go (default 10,000). */
  readonly maxEntries?: number
}

export type ReadCache = {
  readonly ttlMs: number
  /** The cached value of `table`/`key`, or `read()`'s (stored unless null or raced by a write). */
  get<T>(table: string, key: string, read: () => Promise<T>): Promise<T>
  /** Empties the cache (a write in this process). */
  invalidate(): void
  /**
   * Empties the cache if the database says another connection wrote since the last call. The
   * probe it waits for starts after this call: any commit completed before the call is seen.
   */
  refresh(): Promise<void>
}

type Entry = { readonly value: unknown; readonly at: number }

/** Runs `fn` once the callbacks of this event-loop turn are done (Node, Deno), else on the next macrotask. */
const afterThisTurn: (fn: () => void) => void =
  typeof globalThis.setImmediate === 'function' ? (fn) => void globalThis.setImmediate(fn) : (fn) => void setTimeout(fn, 0)

export function readCache(options: ReadCacheOptions): ReadCache {
  const { ttlMs, clock } = options
  const max = options.maxEntries ?? 10_000
  const tables = new Map<string, Map<string, Entry>>()
  let generation = 0
  let seen: unknown
  let probed = false
  /** The probe the calls of this turn wait for; not started yet (cleared when it starts). */
  let pending: Promise<void> | null = null
  const invalidate = () => {
    generation++
    tables.clear()
  }
  const probeNow = async (probe: () => Promise<unknown>) => {
    const token = await probe()
    if (probed && token !== seen) invalidate()
    seen = token
    probed = true
  }
  return {
    ttlMs,
    invalidate,
    refresh() {
      const probe = options.probe
      if (!probe || ttlMs === 0) return Promise.resolve()
      pending ??= new Promise<void>((resolve, reject) =>
        afterThisTurn(() => {
          pending = null // calls from now on wait for a probe that starts after them
          probeNow(probe).then(resolve, reject)
        }),
      )
      return pending
    },
    async get<T>(table: string, key: string, read: () => Promise<T>): Promise<T> {
      if (ttlMs === 0) return read()
      let entries = tables.get(table)
      const now = clock().getTime()
      const hit = entries?.get(key)
      if (hit && now >= hit.at && now - hit.at < ttlMs) return hit.value as T
      const before = generation
      const value = await read()
      if (value === null || generation !== before) return value
      if (!entries) {
        entries = new Map()
        tables.set(table, entries)
      }
      entries.delete(key)
      if (entries.size >= max) entries.delete(entries.keys().next().value as string)
      entries.set(key, { value, at: now })
      return value
    },
  }
}
