/**
 * Recognises libSQL errors: constraint violations from either implementation (mapped to domain conflicts), and a
 * remote server out of reach (mapped to 503 by the edge).
 * @module
 */

/** True for a UNIQUE or PRIMARY KEY violation. */
export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof Error)) return false
  const { code, extendedCode } = e as { code?: unknown; extendedCode?: unknown }
  const codes = `${String(code ?? '')} ${String(extendedCode ?? '')}`
  return /SQLITE_CONSTRAINT_(PRIMARYKEY|UNIQUE)/.test(codes) || /UNIQUE constraint failed/.test(e.message)
}

/**
 * The database could not be reached (connection refused or dropped, the server answering 5xx): nothing
 * says whether the statement ran. The edge answers 503 "retry later", not 500 (edge/app.ts).
 */
export class DbUnavailableError extends Error {
  override readonly name = 'DbUnavailableError'
  constructor(cause: unknown) {
    super(`the database is unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}

const UNREACHABLE_CODES = new Set(['SERVER_ERROR', 'HRANA_WEBSOCKET_ERROR', 'HRANA_CLOSED_ERROR'])

/** True for a failure to reach a remote libSQL server (@libsql/client over HTTP or WebSocket), not for an SQL error. */
export function isDbUnreachable(e: unknown): boolean {
  if (!(e instanceof Error)) return false
  // No answer within the client's bound (client.ts: AbortSignal.timeout).
  if (e.name === 'TimeoutError') return true
  // fetch's network failure: undici "fetch failed" (Node), "error sending request" (Deno), "Network connection lost" (Workers).
  if (e instanceof TypeError || /network connection lost/i.test(e.message)) {
    return /fetch failed|error sending request|network/i.test(e.message)
  }
  const { code, cause } = e as { code?: unknown; cause?: { status?: unknown } }
  if (typeof code !== 'string' || !UNREACHABLE_CODES.has(code)) return false
  // An HTTP answer from the server: only 5xx (down, restarting, a proxy without upstream) is "unreachable".
  return code !== 'SERVER_ERROR' || typeof cause?.status !== 'number' || cause.status >= 500
}
