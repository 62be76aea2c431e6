/**
 * libxml2's parse diagnostics → the reader's stable `XML-*` refusals (core/fatturapa/xml-refusals.ts):
 * an undefined entity is `XML-ENTITY`, an undeclared prefix `XML-NAMESPACE`, libxml2's own depth
 * limit `XML-DEPTH`, anything else `XML-MALFORMED` with libxml2's message and line.
 * @module
 */

import type { ValidationIssue } from '../../../core/fatturapa/issue.ts'
import { refuseDepth, refuseEntity, refuseMalformed, refuseNamespace } from '../../../core/fatturapa/xml-refusals.ts'
import type { Libxml2ErrorDetail } from './libxml2.ts'

/**
 * The refusal for a document libxml2 could not parse: its first fatal error (what stopped the parse),
 * else its first error (a namespace error is not fatal to libxml2); warnings do not count.
 */
export function parseRefusal(details: readonly Libxml2ErrorDetail[], maxDepth: number): ValidationIssue {
  const d = details.find((x) => x.level >= 3) ?? details.find((x) => x.level >= 2) ?? details[0]
  if (d === undefined) return refuseMalformed(1, 'empty document: no root element')
  const message = d.message.trim().split('\n')[0] ?? ''
  const line = Math.max(1, d.line)
  const entity = /^Entity '([^']+)' not defined/.exec(message)
  if (entity !== null) return refuseEntity(entity[1] as string, line)
  const prefix = /^Namespace prefix (\S+) (?:for \S+ )?on \S+ is not defined/.exec(message)
  if (prefix !== null) return refuseNamespace(prefix[1] as string, line)
  if (/^Excessive depth in document/.test(message)) return refuseDepth(maxDepth, line)
  return refuseMalformed(line, message)
}
