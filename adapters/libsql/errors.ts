/** Recognises constraint errors from either libSQL implementation, for mapping to domain conflicts. @module */

/** True for a UNIQUE or PRIMARY KEY violation. */
export function isUniqueViolation(e: unknown): boolean {
  if (!(e instanceof Error)) return false
  const { code, extendedCode } = e as { code?: unknown; extendedCode?: unknown }
  const codes = `${String(code ?? '')} ${String(extendedCode ?? '')}`
  return /SQLITE_CONSTRAINT_(PRIMARYKEY|UNIQUE)/.test(codes) || /UNIQUE constraint failed/.test(e.message)
}
