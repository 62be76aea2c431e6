/**
 * Logger that writes one redacted JSON object per line. A child's fields are redacted and rendered
 * once, when the child is made (the request id: one small render per request); each line then only
 * renders its own fields. Rendering is the hot path of the access log (a line per request): the
 * `,"key":` prefix and whether the name is secret are computed once per field name, the time string
 * once per millisecond.
 * @module
 */

import type { LogFields, Logger } from '../../ports/logger.port.ts'
import { isSecretField, redact, redactString } from './redact.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export type JsonLoggerOptions = {
  readonly level?: LogLevel
  /** Where lines go; defaults to console.log (stdout on Node/Deno, the Workers log stream). */
  readonly write?: (line: string) => void
  readonly now?: () => Date
  readonly base?: LogFields
}

type FieldName = { readonly prefix: string; readonly secret: boolean }
const FIELD_NAMES_MAX = 1_000
const fieldNames = new Map<string, FieldName>()

function fieldName(key: string): FieldName {
  let f = fieldNames.get(key)
  if (!f) {
    f = { prefix: `,${JSON.stringify(key)}:`, secret: isSecretField(key) }
    if (fieldNames.size < FIELD_NAMES_MAX) fieldNames.set(key, f)
  }
  return f
}

/** `,"key":value` for each defined field: the same text as `JSON.stringify(redactField(key, value))`. */
function render(fields: LogFields | undefined): string {
  let out = ''
  if (!fields) return out
  for (const key in fields) {
    const value = fields[key]
    if (value === undefined) continue
    const f = fieldName(key)
    if (f.secret && value !== null && typeof value !== 'boolean') out += `${f.prefix}"[redacted]"`
    else if (typeof value === 'string') out += f.prefix + JSON.stringify(redactString(value))
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) out += f.prefix + JSON.stringify(value)
    else out += f.prefix + (JSON.stringify(redact(value)) ?? 'null')
  }
  return out
}

/** The ISO time of `Date.now()`, rendered once per millisecond. */
function isoNow(): () => string {
  let lastMs = Number.NaN
  let last = ''
  return () => {
    const ms = Date.now()
    if (ms !== lastMs) {
      lastMs = ms
      last = new Date(ms).toISOString()
    }
    return last
  }
}

type Sink = { readonly min: number; readonly write: (line: string) => void; readonly time: () => string }

function logger(sink: Sink, baseFields: LogFields | undefined, base: string): Logger {
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (RANK[level] < sink.min) return
    sink.write(`{"time":"${sink.time()}","level":"${level}","msg":${JSON.stringify(redactString(msg))}${base}${render(fields)}}`)
  }
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => {
      let overrides = false
      if (baseFields) for (const k in fields) if (k in baseFields) overrides = true
      const merged = { ...baseFields, ...fields }
      // A field of the parent given again is rendered once, with the child's value.
      return logger(sink, merged, overrides ? render(merged) : base + render(fields))
    },
  }
}

export function jsonLogger(options: JsonLoggerOptions = {}): Logger {
  const now = options.now
  const sink: Sink = {
    min: RANK[options.level ?? 'info'],
    write: options.write ?? ((line: string) => console.log(line)),
    time: now ? () => now().toISOString() : isoNow(),
  }
  return logger(sink, options.base, render(options.base))
}
