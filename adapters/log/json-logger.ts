/** Logger that writes one redacted JSON object per line. @module */

import type { LogFields, Logger } from '../../ports/logger.port.ts'
import { redact, redactString } from './redact.ts'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export type JsonLoggerOptions = {
  readonly level?: LogLevel
  /** Where lines go; defaults to console.log (stdout on Node/Deno, the Workers log stream). */
  readonly write?: (line: string) => void
  readonly now?: () => Date
  readonly base?: LogFields
}

export function jsonLogger(options: JsonLoggerOptions = {}): Logger {
  const min = RANK[options.level ?? 'info']
  const write = options.write ?? ((line: string) => console.log(line))
  const now = options.now ?? (() => new Date())
  const base = options.base ?? {}
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (RANK[level] < min) return
    const extra = redact({ ...base, ...fields }) as Record<string, unknown>
    write(JSON.stringify({ time: now().toISOString(), level, msg: redactString(msg), ...extra }))
  }
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => jsonLogger({ ...options, base: { ...base, ...fields } }),
  }
}
