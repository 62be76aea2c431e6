/**
 * Where unexpected errors go besides the log (Sentry when SENTRY_DSN is set). Reporting never
 * throws and never waits: the HTTP answer does not depend on it.
 * @module
 */

/** What identifies the failed request: its id (as in the logs and the problem body), method and route template. */
export type ErrorContext = { readonly requestId: string; readonly method: string; readonly route: string }

export type ReportError = (error: unknown, context: ErrorContext) => void
