/**
 * The HTTP skeleton of every provider client that speaks raw HTTP (pagoPA, Revolut, OnPay, Kafka
 * REST, echo, OpenAPI.it): a base URL, headers for every call (JSON accepted by default), a JSON,
 * form or raw body, a hard deadline that covers reading the body and also works with fetch
 * handlers that ignore `signal`, and the line between a transport failure (no answer:
 * {@link transportFailure}) and a provider answer (any status, handed back for the provider's own
 * status table). Stripe goes through its SDK's fetch client instead.
 * @module
 */

import { withDeadline } from './deadline.ts'
import { type TransportFailure, transportFailure } from './transport.ts'

/** Per call, including reading the body. */
export const DEFAULT_TIMEOUT_MS = 10_000

export type HttpRequest = {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Appended to the base URL as is, e.g. `/api/orders?limit=100`. */
  readonly path: string
  /** Sent as JSON, with `content-type: application/json` unless `headers` say otherwise. */
  readonly json?: unknown
  /** Sent as `application/x-www-form-urlencoded`. */
  readonly form?: Readonly<Record<string, string>>
  /**
   * Sent as is (an XML document, say, or a file's bytes); its `content-type` goes in `headers`. A
   * stream is sent as it is read (`duplex: 'half'`) and can be sent once: a retry needs a new one.
   */
  readonly body?: string | Uint8Array | ReadableStream<Uint8Array>
  /** This call's headers; they win over the client's. */
  readonly headers?: Readonly<Record<string, string>>
  /** `manual`: a 3xx is the answer (its `location` is read), not followed. */
  readonly redirect?: 'manual'
}

/** An answer, whatever its status, with the body read in full. */
export type HttpReply = { readonly status: number; readonly headers: Headers; readonly body: string }

/** An answer whose body is left unread, for downloads: the caller reads (or cancels) the stream. */
export type HttpStreamReply = { readonly status: number; readonly headers: Headers; readonly body: ReadableStream<Uint8Array> | null }

/** An answer, or why there is none. */
export type Sent<F = TransportFailure> =
  | { readonly kind: 'reply'; readonly reply: HttpReply }
  | { readonly kind: 'failure'; readonly failure: F }

/** Where the provider is; a provider's own config object fits as is. */
export type HttpTarget = {
  readonly baseUrl: string
  readonly fetch: typeof fetch
  readonly timeoutMs?: number | undefined
}

export type HttpClient = {
  /** The base URL without trailing slashes. */
  readonly baseUrl: string
  readonly timeoutMs: number
  /** One exchange within the deadline. @throws on no answer: `TimeoutError` past the deadline, or the fetch's own error. */
  readonly exchange: (req: HttpRequest) => Promise<HttpReply>
  /**
   * One exchange, with no answer classified (providers.md §4.6): a timeout is `unknown`, and a
   * network error is `retryable` when the call is idempotent (default: GET) or provably never sent.
   * @param opts.prefix starts the failure's reason, e.g. `OnPay get_link: `.
   */
  readonly send: (req: HttpRequest, opts?: { readonly idempotent?: boolean; readonly prefix?: string }) => Promise<Sent>
  /**
   * One exchange whose deadline ends with the answer's headers: the body is handed back unread (a
   * download of any size). @throws as {@link HttpClient.exchange} does.
   */
  readonly open: (req: HttpRequest) => Promise<HttpStreamReply>
}

/**
 * @param headers of every call besides `accept: application/json` (which they may replace), built
 *   per call so each can carry a fresh request id.
 */
export function createHttpClient(target: HttpTarget, headers: () => Readonly<Record<string, string>> = () => ({})): HttpClient {
  const baseUrl = target.baseUrl.replace(/\/+$/, '')
  const timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT_MS

  const request = (req: HttpRequest, signal: AbortSignal): Promise<Response> => {
    // A plain record (names lower-cased, later ones win, as Headers#set would): fetch builds its own
    // Headers from it, so a Headers object here would be built twice.
    const sent: Record<string, string> = { accept: 'application/json' }
    const set = (name: string, value: string) => {
      sent[name.toLowerCase()] = value
    }
    for (const [name, value] of Object.entries(headers())) set(name, value)
    let body: string | Uint8Array | ReadableStream<Uint8Array> | undefined
    if (req.json !== undefined) {
      body = JSON.stringify(req.json)
      set('content-type', 'application/json')
    } else if (req.form !== undefined) {
      body = new URLSearchParams(req.form).toString()
      set('content-type', 'application/x-www-form-urlencoded')
    } else if (req.body !== undefined) {
      body = req.body
    }
    for (const [name, value] of Object.entries(req.headers ?? {})) set(name, value)
    const init: RequestInit & { duplex?: 'half' } = {
      method: req.method,
      headers: sent,
      ...(body !== undefined ? { body: body as BodyInit } : {}),
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      ...(req.redirect ? { redirect: req.redirect } : {}),
      signal,
    }
    return target.fetch(`${baseUrl}${req.path}`, init)
  }

  const exchange = (req: HttpRequest): Promise<HttpReply> =>
    withDeadline(timeoutMs, async (signal) => {
      const res = await request(req, signal)
      return { status: res.status, headers: res.headers, body: await res.text() }
    })

  const open = (req: HttpRequest): Promise<HttpStreamReply> =>
    withDeadline(timeoutMs, async (signal) => {
      const res = await request(req, signal)
      return { status: res.status, headers: res.headers, body: res.body }
    })

  const send: HttpClient['send'] = async (req, opts = {}) => {
    try {
      return { kind: 'reply', reply: await exchange(req) }
    } catch (e) {
      const idempotent = opts.idempotent ?? req.method === 'GET'
      return { kind: 'failure', failure: transportFailure(e, { idempotent, timeoutMs, ...(opts.prefix ? { prefix: opts.prefix } : {}) }) }
    }
  }

  return { baseUrl, timeoutMs, exchange, send, open }
}
