/**
 * OpenAPI.it Bearer tokens (spec fatturapa.md §6.1): `POST {oauth}/tokens` with HTTP Basic
 * `email:apikey` and `{scopes, ttl}`. One token is cached until {@link REFRESH_MARGIN_MS} before its
 * `expire`; callers that need one while it is being fetched share that one request. A call that is
 * answered 401 {@link TokenSource.invalidate}s its token, so the next `get` fetches a fresh one.
 * Neither the API key nor a token ever appears in a reason.
 * @module
 */

import type { Clock } from '../../ports/clock.port.ts'
import { toBase64 } from '../shared/base64.ts'
import { createHttpClient } from '../shared/http.ts'
import { readJson } from '../shared/wire.ts'
import { errorReason } from './map.ts'
import { TokenAnswer } from './wire.ts'

/** A token is replaced this long before it expires. */
export const REFRESH_MARGIN_MS = 60_000
/** The lifetime asked for (OpenAPI.it's example: one day). */
export const TOKEN_TTL_S = 86_400

export type TokenResult =
  | { readonly ok: true; readonly token: string }
  /** `status`: the OAuth server's answer, null when there was none. */
  | { readonly ok: false; readonly status: number | null; readonly reason: string }

export type TokenSource = {
  readonly get: () => Promise<TokenResult>
  /** Forgets `token` (a call was refused with it), unless a newer one replaced it already. */
  readonly invalidate: (token: string) => void
}

export type TokenConfig = {
  readonly oauthUrl: string
  readonly email: string
  readonly apiKey: string
  readonly scopes: readonly string[]
  readonly fetch: typeof fetch
  readonly clock: Clock
  readonly timeoutMs?: number | undefined
}

export function tokenSource(config: TokenConfig): TokenSource {
  const http = createHttpClient({ baseUrl: config.oauthUrl, fetch: config.fetch, timeoutMs: config.timeoutMs })
  const basic = `Basic ${toBase64(new TextEncoder().encode(`${config.email}:${config.apiKey}`))}`
  let cached: { readonly token: string; readonly expiresAt: number } | null = null
  let pending: Promise<TokenResult> | null = null

  async function fetchToken(): Promise<TokenResult> {
    const sent = await http.send(
      { method: 'POST', path: '/tokens', json: { scopes: config.scopes, ttl: TOKEN_TTL_S }, headers: { authorization: basic } },
      { idempotent: true, prefix: 'OpenAPI.it token: ' },
    )
    if (sent.kind === 'failure') return { ok: false, status: null, reason: sent.failure.reason }
    const { status, body } = sent.reply
    if (status !== 200) return { ok: false, status, reason: `OpenAPI.it token: ${errorReason(sent.reply)}` }
    const read = readJson(body, TokenAnswer, () => 'OpenAPI.it token: an answer this adapter cannot read')
    if (read.kind !== 'ok') return { ok: false, status, reason: read.reason }
    cached = { token: read.value.data.token, expiresAt: read.value.data.expire * 1000 }
    return { ok: true, token: cached.token }
  }

  return {
    get: () => {
      if (cached && cached.expiresAt - REFRESH_MARGIN_MS > config.clock().getTime())
        return Promise.resolve({ ok: true, token: cached.token })
      pending ??= fetchToken().finally(() => {
        pending = null
      })
      return pending
    },
    invalidate: (token) => {
      if (cached?.token === token) cached = null
    },
  }
}
