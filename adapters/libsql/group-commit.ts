/**
 * Group commit for a synchronous, single-connection engine: the writes asked for while the event
 * loop is busy run together, at the end of its turn, in one BEGIN IMMEDIATE … COMMIT, so they share
 * one fsync. Each caller's statements sit in a SAVEPOINT of their own: a failure rolls back and
 * rejects that caller only. Every promise settles after COMMIT has returned, so a resolved write is
 * durable (to the connection's `synchronous` level) and a later read sees it. Nothing is left open
 * between turns, so reads on the same connection only ever see committed data.
 *
 * With `durable` (embedded.ts: an fdatasync of the WAL on libuv's thread pool), the fsync leaves the
 * event loop: the connection commits without syncing (WAL, `synchronous = NORMAL`) and a group's
 * promises settle only once a `durable()` call started after its COMMIT has resolved (such a sync
 * covers everything written before it began), so an acknowledged write is on disk exactly as with FULL.
 * Commits are numbered; each starts a sync at once unless `maxSyncs` are in flight, in which case
 * the next one to end starts one covering every commit made meanwhile. A read runs at once and hands its
 * rows back only when every commit it could see is durable ({@link GroupCommitter.whenDurable}): nothing a
 * request reads can be undone by a power cut. A failed sync rejects the writers and readers it covered
 * (their outcome is unknown, never "done").
 * @module
 */

import { setImmediate } from 'node:timers'

/** What the committer needs of the engine: run SQL text, and whether a transaction is open. */
export type TxEngine = {
  exec(sql: string): void
  readonly inTransaction: boolean
}

export type GroupCommitter = {
  /** Runs `work` (the caller's statements, synchronously) in the next group; resolves after COMMIT. */
  write<T>(work: () => T): Promise<T>
  /** Runs what is queued now, synchronously (before a statement that must not wait, or close). */
  flush(): void
  /**
   * Undefined when every write committed so far is durable; else a promise resolved once they are (a read that
   * just ran waits on it before handing its rows back), rejected when their sync failed.
   */
  whenDurable(): Promise<void> | undefined
}

type Entry = {
  readonly work: () => unknown
  readonly resolve: (v: unknown) => void
  readonly reject: (e: unknown) => void
  outcome: { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown } | null
}

export type GroupCommitOptions = {
  /** When to run the queued group (default: `setImmediate`, after the I/O callbacks of this turn). */
  readonly schedule?: (run: () => void) => void
  /** Called after a caller's statements failed (e.g. to drop cached statements). */
  readonly onFailure?: (error: unknown) => void
  /**
   * Makes what COMMIT wrote durable (an fsync off the event loop); the group's promises settle after it.
   * Without it, COMMIT itself is taken as durable (the connection's `synchronous` level).
   */
  readonly durable?: () => Promise<void>
  /** Syncs in flight at once at most (default {@link MAX_SYNCS}). */
  readonly maxSyncs?: number
}

/**
 * Syncs in flight at once at most (libuv's default thread pool holds 4): one more covers every commit made while
 * they run. More at once measured better than fewer (a commit's sync starts at once instead of after another's).
 */
export const MAX_SYNCS = 4

export function groupCommitter(engine: TxEngine, options: GroupCommitOptions = {}): GroupCommitter {
  const schedule = options.schedule ?? ((run: () => void) => void setImmediate(run))
  const maxSyncs = options.maxSyncs ?? MAX_SYNCS
  let queue: Entry[] = []
  let scheduled = false

  const rollbackQuietly = () => {
    try {
      if (engine.inTransaction) engine.exec('ROLLBACK')
    } catch {}
  }

  /** One caller in its savepoint. False when its failure took the whole transaction with it. */
  const runOne = (e: Entry): boolean => {
    engine.exec('SAVEPOINT group_commit')
    try {
      e.outcome = { ok: true, value: e.work() }
      engine.exec('RELEASE group_commit')
      return true
    } catch (error) {
      e.outcome = { ok: false, error }
      options.onFailure?.(error)
      if (!engine.inTransaction) return false
      try {
        engine.exec('ROLLBACK TO group_commit')
        engine.exec('RELEASE group_commit')
        return true
      } catch {
        rollbackQuietly()
        return false
      }
    }
  }

  /** BEGIN, every caller not yet failed, COMMIT; replays the group when one failure rolled it all back. */
  const runGroup = (group: Entry[]) => {
    for (;;) {
      const live = group.filter((e) => e.outcome === null || e.outcome.ok)
      if (live.length === 0) return
      try {
        engine.exec('BEGIN IMMEDIATE')
      } catch (error) {
        for (const e of live) e.outcome = { ok: false, error }
        return
      }
      if (!live.every(runOne)) continue
      try {
        engine.exec('COMMIT')
      } catch (error) {
        rollbackQuietly()
        for (const e of live) if (e.outcome?.ok) e.outcome = { ok: false, error }
      }
      return
    }
  }

  const settle = (group: Entry[], failure?: unknown) => {
    for (const e of group) {
      const o = e.outcome ?? { ok: false, error: new Error('group commit: write not run') }
      if (failure !== undefined && o.ok) e.reject(failure)
      else o.ok ? e.resolve(o.value) : e.reject(o.error)
    }
  }

  // Durability with `durable`: commits are numbered; `durableUpTo` is the highest known to be on disk.
  let committed = 0
  let durableUpTo = 0
  let syncs = 0
  let syncWanted = false
  /** Groups committed and waiting for their sync; reads waiting for a commit number; both in number order. */
  const waitingGroups: { readonly upTo: number; readonly group: Entry[] }[] = []
  const waitingReads: { readonly upTo: number; readonly resolve: () => void; readonly reject: (e: unknown) => void }[] = []

  const startSync = (durable: () => Promise<void>) => {
    const upTo = committed
    syncs++
    const ended = (failure?: unknown) => {
      syncs--
      if (failure === undefined) durableUpTo = Math.max(durableUpTo, upTo)
      // Groups first (their callers continue before the reads that waited), in commit order.
      while (waitingGroups.length > 0 && (waitingGroups[0] as { upTo: number }).upTo <= upTo) {
        const w = waitingGroups.shift() as { group: Entry[] }
        settle(w.group, failure)
      }
      while (waitingReads.length > 0 && (waitingReads[0] as { upTo: number }).upTo <= upTo) {
        const r = waitingReads.shift() as (typeof waitingReads)[number]
        failure === undefined ? r.resolve() : r.reject(failure)
      }
      if (syncWanted && syncs < maxSyncs) {
        syncWanted = false
        startSync(durable)
      }
    }
    durable().then(
      () => ended(),
      (error: unknown) => ended(error ?? new Error('group commit: sync failed')),
    )
  }

  const flush = () => {
    scheduled = false
    const group = queue
    queue = []
    if (group.length === 0) return
    runGroup(group)
    const durable = options.durable
    if (durable === undefined || !group.some((e) => e.outcome?.ok)) return settle(group)
    committed++
    waitingGroups.push({ upTo: committed, group })
    if (syncs < maxSyncs) startSync(durable)
    else syncWanted = true
  }

  return {
    write<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (v: unknown) => void, reject, outcome: null })
        if (!scheduled) {
          scheduled = true
          schedule(flush)
        }
      })
    },
    flush,
    whenDurable() {
      if (durableUpTo >= committed) return undefined
      const upTo = committed
      return new Promise<void>((resolve, reject) => waitingReads.push({ upTo, resolve, reject }))
    },
  }
}
