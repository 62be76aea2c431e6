/**
 * Fault injection, so tests can prove what Varco does when OpenAPI.it misbehaves: the next N
 * requests on a path answer 5xx (`fail`), answer late or never (`hang`, before or after doing the
 * work), or do the work and lose the answer (`drop`: a 500, or a connection cut after the headers:
 * the body stream errors, so the caller sees a network error). Paths are relative to the
 * simulator's root (`/invoices`) and match that path and everything below it.
 * @module
 */

import type { Context, MiddlewareHandler } from 'hono'
import { fail } from './views.ts'

export type FaultSpec = {
  /** `/invoices`, `/invoices_notifications`, `/oauth/tokens`, … */
  readonly path: string
  /** Only this method (default: any). */
  readonly method?: string
  /** How many matching requests it hits (default 1). */
  readonly count?: number
} & (
  | { readonly kind: 'fail'; readonly status?: number }
  /** `delayMs` absent: never answers. `after`: the request is handled first, then the answer waits. */
  | { readonly kind: 'hang'; readonly delayMs?: number; readonly after?: boolean }
  /** The request is handled (an invoice is stored), then the answer is lost. */
  | { readonly kind: 'drop'; readonly mode?: 'error' | 'abort' }
)

type Armed = FaultSpec & { left: number }

/** Mount points end where the API's own first segment starts. */
const FIRST_SEGMENTS = [
  '_control',
  'oauth',
  'invoices',
  'invoices_notifications',
  'business_registry_configurations',
  'api_configurations',
  'simulate',
]

/** The request path relative to the simulator's root, whatever it is mounted under. */
export function relativePath(pathname: string): string {
  const parts = pathname.split('/')
  const i = parts.findIndex((p) => FIRST_SEGMENTS.includes(p))
  return i < 0 ? pathname : `/${parts.slice(i).join('/')}`
}

const matches = (f: FaultSpec, method: string, path: string) =>
  (f.method === undefined || f.method.toUpperCase() === method) && (path === f.path || path.startsWith(`${f.path.replace(/\/+$/, '')}/`))

/** Whether a fault strikes before the request is handled or after. */
const phaseOf = (f: FaultSpec): 'before' | 'after' => (f.kind === 'drop' || (f.kind === 'hang' && f.after) ? 'after' : 'before')

const wait = (ms: number | undefined) => new Promise<void>((resolve) => (ms === undefined ? undefined : setTimeout(resolve, ms)))

/** A `fail` fault's answer: 402 as OpenAPI.it says "no credit", anything else as an outage. */
const failure = (c: Context, status: number) =>
  status === 402
    ? fail(c, 402, 'Payment Required: insufficient credit (simulated)', 402)
    : fail(c, status as 503, 'Service temporarily unavailable (simulated)', status)

/** A 200 whose body fails mid-stream: the caller's read throws, as when the connection is cut. */
const cutConnection = () =>
  new Response(
    new ReadableStream({
      start(controller) {
        controller.error(new TypeError('connection reset by the simulator (drop fault)'))
      },
    }),
    { status: 200, headers: { 'content-type': 'application/json' } },
  )

export function faultInjector() {
  const armed: Armed[] = []

  /** Takes one hit of the first armed fault of this phase matching the request. */
  function take(c: Context, phase: 'before' | 'after'): Armed | null {
    const path = relativePath(new URL(c.req.url).pathname)
    const f = armed.find((a) => phaseOf(a) === phase && matches(a, c.req.method, path))
    if (!f) return null
    f.left--
    if (f.left <= 0) armed.splice(armed.indexOf(f), 1)
    return f
  }

  const middleware: MiddlewareHandler = async (c, next) => {
    const before = take(c, 'before')
    if (before?.kind === 'fail') return failure(c, before.status ?? 503)
    if (before?.kind === 'hang') await wait(before.delayMs)
    await next()
    const after = take(c, 'after')
    if (after?.kind === 'hang') await wait(after.delayMs)
    if (after?.kind === 'drop') {
      c.res =
        after.mode === 'abort'
          ? cutConnection()
          : Response.json({ success: false, message: 'Internal Server Error', error: 500 }, { status: 500 })
    }
    return undefined
  }

  return {
    middleware,
    arm: (spec: FaultSpec) => {
      armed.push({ ...spec, left: spec.count ?? 1 })
    },
    clear: () => {
      armed.length = 0
    },
    armed: (): readonly FaultSpec[] => armed.map((a) => ({ ...a })),
  }
}
