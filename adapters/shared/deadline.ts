/**
 * Bounds an outbound call in time. The work gets an AbortSignal, and the returned promise rejects
 * with a `TimeoutError` after `ms` even when the work ignores the signal (in-process fetches of the
 * sandbox do). Shared by every adapter that talks to something that may hang.
 * @module
 */

export class DeadlineExceeded extends Error {
  override readonly name = 'TimeoutError'
}

export async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>, what = 'no answer'): Promise<T> {
  const ctrl = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctrl.abort()
      reject(new DeadlineExceeded(`${what} within ${ms} ms`))
    }, ms)
  })
  try {
    return await Promise.race([work(ctrl.signal), deadline])
  } finally {
    clearTimeout(timer)
  }
}
