/**
 * Structured logger. Implementations write one JSON object per line and redact secrets
 * (API keys, tokens, IBANs, codici fiscali) before anything leaves the process.
 * @module
 */
export type LogFields = Readonly<Record<string, unknown>>

export interface Logger {
  debug(msg: string, fields?: LogFields): void
  info(msg: string, fields?: LogFields): void
  warn(msg: string, fields?: LogFields): void
  error(msg: string, fields?: LogFields): void
  /** A logger that adds `fields` to every line (e.g. the request id). */
  child(fields: LogFields): Logger
}
