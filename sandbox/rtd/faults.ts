/**
 * Fault injection by operation, so tests can prove what Varco does when pagoPA misbehaves: the next
 * N calls of an operation answer a 5xx (`fail`, doing nothing), answer late or never (`hang`, before
 * or after doing the work), or do the work and lose the answer (`drop`: a 500, or a connection cut
 * after the headers, so the caller's read fails). Operations are named, not pathed, because the
 * simulator is mounted under a prefix that itself ends in `rtd`.
 * @module
 */

import type { MiddlewareHandler } from 'hono'

export const RTD_OPERATIONS = ['publickey', 'sas', 'upload', 'file-report', 'ack-list', 'ack-download', 'ack-received'] as const
export type RtdOperation = (typeof RTD_OPERATIONS)[number]

const PATTERNS: ReadonlyArray<readonly [RegExp, RtdOperation]> = [
  [/\/rtd\/csv-transaction\/publickey$/, 'publickey'],
  [/\/rtd\/csv-transaction\/ade\/sas$/, 'sas'],
  [/\/pagopastorage\/[^/]+\/[^/]+$/, 'upload'],
  [/\/rtd\/file-reporter\/v2\/file-report$/, 'file-report'],
  [/\/rtd\/file-register\/sender-ade-ack$/, 'ack-list'],
  [/\/ade\/[^/]+$/, 'ack-download'],
  [/\/rtd\/file-register\/ack-received\/[^/]+$/, 'ack-received'],
]

export const operationOf = (pathname: string): RtdOperation | null => PATTERNS.find(([re]) => re.test(pathname))?.[1] ?? null

export type RtdFault = {
  readonly op: RtdOperation
  /** How many matching calls it hits (default 1). */
  readonly count?: number
} & (
  | { readonly kind: 'fail'; readonly status?: number }
  /** `delayMs` absent: never answers. `after`: the call is handled first (a blob stored), then the answer waits. */
  | { readonly kind: 'hang'; readonly delayMs?: number; readonly after?: boolean }
  | { readonly kind: 'drop'; readonly mode?: 'error' | 'abort' }
)

type Armed = RtdFault & { left: number }

const phaseOf = (f: RtdFault) => (f.kind === 'drop' || (f.kind === 'hang' && f.after) ? 'after' : 'before')

const wait = (ms: number | undefined) => new Promise<void>((resolve) => (ms === undefined ? undefined : setTimeout(resolve, ms)))

const cutConnection = () =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.error(new TypeError('connection reset by the simulator (drop fault)'))
      },
    }),
    { status: 201 },
  )

export function faultInjector() {
  const armed: Armed[] = []

  function take(op: RtdOperation | null, phase: 'before' | 'after'): Armed | null {
    const f = armed.find((a) => a.op === op && phaseOf(a) === phase)
    if (!f) return null
    if (--f.left <= 0) armed.splice(armed.indexOf(f), 1)
    return f
  }

  const middleware: MiddlewareHandler = async (c, next) => {
    const op = operationOf(new URL(c.req.url).pathname)
    const before = take(op, 'before')
    if (before?.kind === 'fail') {
      const status = (before.status ?? 503) as 503
      return c.json({ statusCode: status, message: 'Service Unavailable (simulated)' }, status)
    }
    if (before?.kind === 'hang') await wait(before.delayMs)
    await next()
    const after = take(op, 'after')
    if (after?.kind === 'hang') await wait(after.delayMs)
    if (after?.kind === 'drop') {
      c.res =
        after.mode === 'abort' ? cutConnection() : Response.json({ statusCode: 500, message: 'Internal server error' }, { status: 500 })
    }
    return undefined
  }

  return {
    middleware,
    arm: (f: RtdFault) => {
      armed.push({ ...f, left: f.count ?? 1 })
    },
    clear: () => {
      armed.length = 0
    },
    armed: (): readonly RtdFault[] => armed.map((a) => ({ ...a })),
  }
}
