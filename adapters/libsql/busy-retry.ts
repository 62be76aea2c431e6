/**
 * Retrying a statement or batch that sqld refused with SQLITE_BUSY (its write lock stayed taken past
 * its busy timeout while many requests wrote at once: bench:load on wrangler dev at 50 connections,
 * issue 16). Safe to repeat: a refused autocommit statement did nothing, and the client runs a batch
 * in one transaction opened with BEGIN IMMEDIATE, which is where the lock is refused, so nothing of it
 * was applied. Any other error, or the last attempt's, is thrown as it is.
 * @module
 */

/** Waits between attempts (ms); their number is the number of retries. */
export const BUSY_BACKOFF_MS: readonly number[] = [20, 50, 100, 200, 400]

export const isBusy = (e: unknown): boolean =>
  typeof e === 'object' &&
  e !== null &&
  ((e as { code?: unknown }).code === 'SQLITE_BUSY' || /^SQLITE_BUSY\b/.test(String((e as Error).message)))

export async function withBusyRetry<T>(
  run: () => Promise<T>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  backoffMs: readonly number[] = BUSY_BACKOFF_MS,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run()
    } catch (e) {
      const wait = backoffMs[attempt]
      if (wait === undefined || !isBusy(e)) throw e
      // Jitter, so that the writers refused together do not all come back together.
      await sleep(wait + Math.floor(Math.random() * wait))
    }
  }
}
