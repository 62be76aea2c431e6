/**
 * Group commit for a synchronous, single-connection engine: the writes asked for while the event
 * loop is busy run together, at the end of its turn, in one BEGIN IMMEDIATE … COMMIT, so they share
 * one fsync. Each caller's statements sit in a SAVEPOINT of their own: a failure rolls back and
 * rejects that caller only. Every promise settles after COMMIT has returned, so a resolved write is
 * durable (to the connection's `synchronous` level) and a later read sees it. Nothing is left open
 * between turns, so reads on the same connection only ever see committed data.
 *
 * With `durable` (embedded.ts: an fdatasync of the WAL on libuv's thread pool), the fsync leaves the
 * event loop: the connection commits without syncing (WAL, `synchronous = NORMAL`) and the group's
 * promises settle only once `durable()` has resolved, so an acknowledged write is on disk exactly as
 * with FULL. While that sync is in flight the next group waits (it gathers everything asked for
 * meanwhile: one fsync at a time, each covering a whole group), and reads wait too
 * ({@link GroupCommitter.whenDurable}): nothing a request reads can be lost by a power cut after it
 * was read.
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
  /** Undefined when every committed write is durable; else a promise resolved once they are (reads wait on it). */
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
}

export function groupCommitter(engine: TxEngine, options: GroupCommitOptions = {}): GroupCommitter {
  const schedule = options.schedule ?? ((run: () => void) => void setImmediate(run))
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

  /** Syncs in flight, and the reads waiting for none to be. */
  let syncing = 0
  let durableWaiters: (() => void)[] = []
  /** A scheduled run found a sync in flight: the sync's end runs it (`scheduled` stays set meanwhile). */
  let deferred = false

  const flush = () => {
    scheduled = false
    const group = queue
    queue = []
    if (group.length === 0) return
    runGroup(group)
    if (options.durable === undefined || !group.some((e) => e.outcome?.ok)) return settle(group)
    syncing++
    const done = (failure?: unknown) => {
      syncing--
      // The writers first, then the reads that waited, then the next group (setImmediate comes after them all).
      settle(group, failure)
      if (syncing > 0) return
      const waiters = durableWaiters
      durableWaiters = []
      for (const w of waiters) w()
      if (deferred) {
        deferred = false
        schedule(onSchedule)
      }
    }
    options.durable().then(
      () => done(),
      (error: unknown) => done(error ?? new Error('group commit: sync failed')),
    )
  }

  /** The scheduled run: while a sync is in flight the group keeps gathering; its end schedules the next run. */
  const onSchedule = () => {
    if (syncing > 0) {
      deferred = true
      return
    }
    flush()
  }

  return {
    write<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (v: unknown) => void, reject, outcome: null })
        if (!scheduled) {
          scheduled = true
          schedule(onSchedule)
        }
      })
    },
    flush,
    whenDurable() {
      if (syncing === 0) return undefined
      return new Promise<void>((resolve) => durableWaiters.push(resolve))
    },
  }
}
