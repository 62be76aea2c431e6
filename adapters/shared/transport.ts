/**
 * What a failed outbound call means when no HTTP answer came back (providers.md §4.6): a timeout is
 * `unknown` (the request may have taken effect), a read can always be retried, and a write only when
 * the connection provably never reached the server.
 * @module
 */

/** Error codes meaning the request never left (safe to retry even a write). */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])

function errorCode(e: unknown): string | null {
  const cause = e instanceof Error ? (e as Error & { cause?: unknown }).cause : undefined
  const code = (cause as { code?: unknown } | undefined)?.code ?? (e as { code?: unknown } | undefined)?.code
  return typeof code === 'string' ? code : null
}

export type TransportFailure = { readonly kind: 'unknown' | 'retryable'; readonly reason: string }

/**
 * @param idempotent true for reads (and calls that change nothing): always safe to retry.
 * @param prefix prepended to the reason, e.g. `OnPay get_link: `.
 */
export function transportFailure(
  e: unknown,
  opts: { readonly idempotent: boolean; readonly timeoutMs: number; readonly prefix?: string },
): TransportFailure {
  const prefix = opts.prefix ?? ''
  const name = e instanceof Error ? e.name : ''
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'unknown', reason: `${prefix}no answer within ${opts.timeoutMs} ms` }
  const code = errorCode(e)
  if (opts.idempotent || (code !== null && NOT_SENT.has(code))) return { kind: 'retryable', reason: `${prefix}network: ${code ?? name}` }
  return { kind: 'unknown', reason: `${prefix}network: ${code ?? (name || 'error')}` }
}
