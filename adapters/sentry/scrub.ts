/**
 * What a Sentry event may carry out of the gateway: the exception, its stack, the tags we set
 * (request id, route) and the request's method and path. Headers (API keys, bearer tokens,
 * signatures), cookies, query strings, bodies, user data and breadcrumbs are dropped.
 * @module
 */

type SentryRequest = { readonly method?: string | undefined; readonly url?: string | undefined }
type SentryEvent = { request?: SentryRequest | undefined; user?: unknown; breadcrumbs?: unknown; extra?: unknown }

export function scrubEvent<E extends SentryEvent>(event: E): E {
  const { request, user: _u, breadcrumbs: _b, extra: _e, ...rest } = event
  const url = request?.url?.split(/[?#]/)[0]
  return {
    ...rest,
    ...(request ? { request: { ...(request.method ? { method: request.method } : {}), ...(url ? { url } : {}) } } : {}),
  } as E
}

export type SentryOptions = {
  readonly dsn: string
  /** VARCO_ENV. */
  readonly environment: string
  /** The app id (`varco:<version>`). */
  readonly release: string
}

/** Options common to both SDKs: errors only (no tracing), nothing collected from requests, scrubbed events. */
export const baseOptions = (o: SentryOptions) => ({
  dsn: o.dsn,
  environment: o.environment,
  release: o.release,
  tracesSampleRate: 0,
  dataCollection: {
    userInfo: false,
    cookies: false,
    httpHeaders: false,
    httpBodies: [],
    urlQueryParams: false,
    databaseQueryData: false,
  },
  beforeSend: scrubEvent,
})
