/**
 * Logger that writes one redacted JSON object per line. A child's fields are redacted and rendered
 * once, when the child is made; each line then only renders its own fields.
 * @module
 */

import type { LogFields, Logger } from '../../ports/logger.port.ts'
import { redactField, redactString } from './redact.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export type JsonLoggerOptions = {
  readonly level?: LogLevel
  /** Where lines go; defaults to console.log (stdout on Node/Deno, the Workers log stream). */
  readonly write?: (line: string) => void
  readonly now?: () => Date
  readonly base?: LogFields
}

function render(fields: LogFields | undefined): string {
  let out = ''
  if (!fields) return out
  for (const key in fields) {
    const value = fields[key]
    if (value === undefined) continue
    out += `,${JSON.stringify(key)}:${JSON.stringify(redactField(key, value)) ?? 'null'}`
  }
  return out
}

export function jsonLogger(options: JsonLoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info']
  const write = options.write ?? ((line: string) => console.log(line))
  const now = options.now ?? (() => new Date())
  const base = render(options.base)
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (RANK[level] < min) return
    write(`{"time":"${now().toISOString()}","level":"${level}","msg":${JSON.stringify(redactString(msg))}${base}${render(fields)}}`)
  }
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => jsonLogger({ ...options, base: { ...options.base, ...fields } }),
  }
}
