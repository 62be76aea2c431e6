/**
 * HTTP to the OpenAPI.it SDI API on the shared skeleton (adapters/shared/http.ts): every call
 * carries a Bearer token from token.ts; a call answered 401 gets one fresh token and is made once
 * more. The scopes asked for are `METHOD:<sdi host and path>/<resource>` for each call this adapter
 * makes (spec fatturapa.md §6.1).
 * @module
 */

import type { Clock } from '../../ports/clock.port.ts'
import { createHttpClient, type HttpReply, type HttpRequest } from '../shared/http.ts'
import { tokenSource } from './token.ts'

/** The calls this adapter makes, as `METHOD resource`. */
const CALLS = [
  ['POST', 'invoices'],
  ['GET', 'invoices'],
  ['GET', 'invoices_notifications'],
  ['POST', 'business_registry_configurations'],
  ['GET', 'business_registry_configurations'],
  ['POST', 'api_configurations'],
  ['GET', 'api_configurations'],
] as const

/** `https://test.sdi.openapi.it` → `POST:test.sdi.openapi.it/invoices`, …; a path prefix is kept. */
export function scopesFor(sdiUrl: string): string[] {
  const u = new URL(sdiUrl)
  const base = `${u.host}${u.pathname.replace(/\/+$/, '')}`
  return CALLS.map(([method, resource]) => `${method}:${base}/${resource}`)
}

export type OpenapiClientConfig = {
  readonly sdiUrl: string
  readonly oauthUrl: string
  readonly email: string
  readonly apiKey: string
  readonly fetch: typeof fetch
  readonly clock: Clock
  readonly timeoutMs?: number | undefined
}

/** An answer (after at most one token refresh), no token, or no answer at all. */
export type Called =
  | { readonly kind: 'reply'; readonly reply: HttpReply }
  /** No token could be had: nothing was sent. `status` is the OAuth server's, null without an answer. */
  | { readonly kind: 'no-token'; readonly status: number | null; readonly reason: string }
  /** The call went out and no answer came back (timeout, network). */
  | { readonly kind: 'no-answer'; readonly reason: string }

export type OpenapiClient = { readonly call: (req: HttpRequest, what: string) => Promise<Called> }

export function createOpenapiClient(config: OpenapiClientConfig): OpenapiClient {
  const http = createHttpClient({ baseUrl: config.sdiUrl, fetch: config.fetch, timeoutMs: config.timeoutMs })
  const tokens = tokenSource({ ...config, scopes: scopesFor(config.sdiUrl) })

  async function once(req: HttpRequest, what: string, token: string): Promise<Called> {
    const sent = await http.send(
      { ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } },
      { prefix: `OpenAPI.it ${what}: ` },
    )
    return sent.kind === 'reply' ? sent : { kind: 'no-answer', reason: sent.failure.reason }
  }

  async function call(req: HttpRequest, what: string): Promise<Called> {
    const first = await tokens.get()
    if (!first.ok) return { kind: 'no-token', status: first.status, reason: first.reason }
    const answered = await once(req, what, first.token)
    if (answered.kind !== 'reply' || answered.reply.status !== 401) return answered
    tokens.invalidate(first.token)
    const fresh = await tokens.get()
    // Without a fresh token the 401 is the answer.
    return fresh.ok ? once(req, what, fresh.token) : answered
  }

  return { call }
}
