/**
 * The Stripe SDK on the Fetch API (providers.md §1.1): one client per secret key, the gateway's
 * fetch rerouted to `baseUrl` (which may carry a path prefix, e.g. the sandbox's
 * `/sandbox/stripe`), no SDK retries, a hard deadline per call, and Stripe errors classified
 * into Outcome kinds. A timeout or a lost connection on a write is `unknown`, never `failed`.
 * The SDK (about 0.7 MB of JavaScript) is imported on a client's first call, not at startup: a Worker
 * isolate that serves no Stripe request never evaluates it.
 * @module
 */

import type Stripe from 'stripe'
import type { Outcome } from '../../ports/payment-provider.port.ts'
import { withDeadline } from '../shared/deadline.ts'
import { DEFAULT_TIMEOUT_MS } from '../shared/http.ts'
import type { Failure } from '../shared/outcome.ts'
import { readValue, type Schema } from '../shared/wire.ts'

export type StripeClientConfig = {
  readonly baseUrl: string
  readonly secretKey: string
  readonly fetch: typeof fetch
  readonly timeoutMs?: number
}

/** A fetch that sends `https://api.stripe.com/v1/...` to `${baseUrl}/v1/...`, query included. */
export function reroutedFetch(baseUrl: string, fetchFn: typeof fetch): typeof fetch {
  const base = baseUrl.replace(/\/+$/, '')
  return ((input: RequestInfo | URL, init?: RequestInit) => {
    const original = input instanceof Request ? input.url : String(input)
    const u = new URL(original)
    const target = `${base}${u.pathname}${u.search}`
    return input instanceof Request ? fetchFn(new Request(target, input), init) : fetchFn(target, init)
  }) as typeof fetch
}

export type Sent<T> = { readonly kind: 'reply'; readonly value: T } | { readonly kind: 'failure'; readonly failure: Failure }

/** A Stripe answer read with `schema` (e.g. `checkout.session`); a shape we cannot read is `unknown`, never a guess. */
export const readSent = <T>(sent: Sent<unknown>, schema: Schema<T>, what: string): Outcome<T> =>
  sent.kind === 'failure' ? sent.failure : readValue(sent.value, schema, () => `Stripe answered with something that is not a ${what}`)

export type StripeCall = <T>(method: 'GET' | 'POST', work: (stripe: Stripe) => Promise<T>) => Promise<Sent<T>>

/** The SDK's default export: the Stripe class, with its error classes and crypto providers. */
export type StripeSdk = typeof Stripe

let sdkLoading: Promise<StripeSdk> | null = null
/** The SDK, imported once per process or isolate, on first use. */
export const loadStripeSdk = (): Promise<StripeSdk> => {
  sdkLoading ??= import('stripe').then((m) => m.default)
  return sdkLoading
}

/** A client's SDK instance, made on its first use, with the SDK it came from (for its error classes). */
export type LoadedStripe = { readonly sdk: StripeSdk; readonly stripe: Stripe; readonly crypto: Stripe.CryptoProvider }

export type StripeClient = { readonly load: () => Promise<LoadedStripe>; readonly call: StripeCall }

export function createStripeClient(config: StripeClientConfig): StripeClient {
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS
  let loaded: Promise<LoadedStripe> | null = null
  const make = async (): Promise<LoadedStripe> => {
    const sdk = await loadStripeSdk()
    const stripe = new sdk(config.secretKey, {
      httpClient: sdk.createFetchHttpClient(reroutedFetch(config.baseUrl, config.fetch)),
      maxNetworkRetries: 0,
      // Our deadline fires first; the SDK's is a backstop for fetches that honour the signal.
      timeout: timeoutMs + 1_000,
      telemetry: false,
    })
    return { sdk, stripe, crypto: sdk.createSubtleCryptoProvider() }
  }
  const load = () => {
    loaded ??= make()
    return loaded
  }
  const call: StripeCall = async (method, work) => {
    const { sdk, stripe } = await load()
    try {
      return { kind: 'reply', value: await withDeadline(timeoutMs, () => work(stripe)) }
    } catch (e) {
      return { kind: 'failure', failure: classify(e, method, timeoutMs, sdk.errors) }
    }
  }
  return { load, call }
}

const reasonOf = (e: Stripe.errors.StripeError): string =>
  [e.statusCode ? `HTTP ${e.statusCode}` : null, e.rawType ?? null, e.code ?? null, e.message || null]
    .filter((x): x is string => Boolean(x))
    .join(' ')
    .slice(0, 300)

/**
 * Stripe error → Outcome kind (docs.stripe.com/error-handling). The SDK types errors by HTTP status:
 * 402 card → declined; 400/404 → invalid_request (idempotency mismatches too); 401/403 → auth;
 * 429 → retryable; 5xx → retryable (every POST here carries a deterministic Idempotency-Key, so a
 * retry replays); no answer → unknown on writes, retryable on reads.
 */
export function classify(e: unknown, method: 'GET' | 'POST', timeoutMs: number, errors: StripeSdk['errors']): Failure {
  const name = e instanceof Error ? e.name : ''
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'unknown', reason: `no answer within ${timeoutMs} ms` }
  if (e instanceof errors.StripeError) {
    const reason = reasonOf(e)
    switch (e.type) {
      case 'StripeCardError':
        return { kind: 'declined', reason }
      case 'StripeInvalidRequestError':
      case 'StripeIdempotencyError':
        return { kind: 'invalid_request', reason }
      case 'StripeAuthenticationError':
      case 'StripePermissionError':
        return { kind: 'auth', reason }
      case 'StripeRateLimitError':
        return { kind: 'retryable', reason }
      case 'StripeAPIError':
        return (e.statusCode ?? 0) >= 500 ? { kind: 'retryable', reason } : { kind: 'unknown', reason }
      case 'StripeConnectionError':
        return method === 'GET'
          ? { kind: 'retryable', reason: `network: ${e.message}` }
          : { kind: 'unknown', reason: `network: ${e.message}` }
      default:
        return { kind: 'unknown', reason }
    }
  }
  const message = e instanceof Error ? e.message : String(e)
  return method === 'GET' ? { kind: 'retryable', reason: `network: ${message}` } : { kind: 'unknown', reason: `network: ${message}` }
}
