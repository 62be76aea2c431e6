/** Maps libSQL constraint errors to domain conflicts. @module */

import { LibsqlError } from '@libsql/client'

/** True for a UNIQUE or PRIMARY KEY violation. */
export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof Error)) return false
  const code = e instanceof LibsqlError ? `${e.code} ${e.extendedCode ?? ''}` : ''
  return /SQLITE_CONSTRAINT_(PRIMARYKEY|UNIQUE)/.test(code) || /UNIQUE constraint failed/.test(e.message)
}
