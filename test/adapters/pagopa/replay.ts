/**
 * A local fetch for adapter tests: a handler answers each request (often from
 * test/fixtures/pagopa/*.json) and every request is recorded with its body.
 * @module
 */

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export type Recorded = {
  readonly method: string
  readonly url: URL
  readonly headers: Headers
  readonly body: unknown
  readonly init: RequestInit | undefined
}

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../../fixtures/pagopa/${name}`, import.meta.url)), 'utf8'))
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

export function replayFetch(handler: (r: Recorded, n: number) => Response | Promise<Response>) {
  const calls: Recorded[] = []
  const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    const text = await req.text()
    const r: Recorded = { method: req.method, url: new URL(req.url), headers: req.headers, body: text ? JSON.parse(text) : undefined, init }
    calls.push(r)
    return handler(r, calls.length)
  }) as typeof fetch
  return { fetch: fakeFetch, calls }
}

/** An Error shaped like undici's `fetch failed`, with a socket error code as its cause. */
export function networkError(code: string): TypeError {
  return Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) })
}
