/**
 * The refusal rules of the XML layer: what a FatturaPA document may not contain, as `xml`-layer
 * {@link ValidationIssue}s with stable codes (`XML-DOCTYPE`, `XML-ENTITY`, `XML-XINCLUDE`, `XML-PI`,
 * `XML-ENCODING`, `XML-SIZE`, `XML-DEPTH`, `XML-NAMESPACE`, `XML-MALFORMED`) and the line where the
 * problem is. They are applied in three places, all refusing and never accepting on their own: before
 * parsing (xml-screen.ts: size, declared encoding, DOCTYPE and other markup declarations, XInclude,
 * instructions before the root), on the parser's own errors (the adapter maps libxml2's diagnostics
 * with these constructors) and on the parsed tree ({@link refuseInstruction}, {@link refuseDepth}).
 * Nothing is ever fetched, expanded or read: no I/O at all.
 * @module
 */

import type { ValidationIssue } from './issue.ts'

export type XmlReadOptions = {
  /** Maximum input length in UTF-16 code units; default 5 000 000 (SdI refuses files over 5 MB, code 00003). */
  readonly maxChars?: number
  /** Maximum element nesting; default 64 (FatturaPA with an XAdES signature needs about 12). */
  readonly maxDepth?: number
  /**
   * Skip (never follow) `<?xml-stylesheet …?>` instructions before the root element, which invoicing
   * software often writes and SdI accepts. Off by default: every processing instruction but the XML
   * declaration is refused with `XML-PI`.
   */
  readonly allowXmlStylesheet?: boolean
}

export const XML_MAX_CHARS = 5_000_000
export const XML_MAX_DEPTH = 64

/** An `xml`-layer error at a line; the messages get the `Riga n: ` / `Line n: ` prefix. */
export function xmlRefusal(code: string, line: number, xpath: string, it: string, en: string): ValidationIssue {
  return {
    layer: 'xml',
    code,
    xpath: xpath === '' ? '/' : xpath,
    message: { it: `Riga ${line}: ${it}`, en: `Line ${line}: ${en}` },
    severity: 'error',
  }
}

export const refuseSize = (length: number, max: number): ValidationIssue =>
  xmlRefusal(
    'XML-SIZE',
    1,
    '/',
    `documento troppo grande (${length} caratteri, massimo ${max})`,
    `document too large (${length} characters, at most ${max})`,
  )

export const refuseEncoding = (declared: string, line = 1): ValidationIssue =>
  xmlRefusal(
    'XML-ENCODING',
    line,
    '/',
    `codifica dichiarata non supportata: ${declared} (ammesse UTF-8, ISO-8859-1, windows-1252)`,
    `unsupported declared encoding: ${declared} (accepted: UTF-8, ISO-8859-1, windows-1252)`,
  )

export const refuseDoctype = (line: number, xpath = '/'): ValidationIssue =>
  xmlRefusal(
    'XML-DOCTYPE',
    line,
    xpath,
    'dichiarazioni DOCTYPE/ENTITY non ammesse (rifiutate senza espanderle)',
    'DOCTYPE/ENTITY declarations are not allowed (refused without expanding them)',
  )

export const refuseXInclude = (line: number, xpath = '/'): ValidationIssue =>
  xmlRefusal(
    'XML-XINCLUDE',
    line,
    xpath,
    'XInclude non ammesso (i riferimenti esterni non vengono mai letti)',
    'XInclude is not allowed (external references are never read)',
  )

/** A processing instruction other than the XML declaration (and a skipped `xml-stylesheet`). */
export const refuseInstruction = (target: string, line: number, xpath = '/'): ValidationIssue =>
  xmlRefusal(
    'XML-PI',
    line,
    xpath,
    `istruzione di elaborazione non ammessa: <?${target} …?>`,
    `processing instruction not allowed: <?${target} …?>`,
  )

/** A reference to an entity that is not one of the five predefined ones: refused, never looked up. */
export const refuseEntity = (name: string, line: number, xpath = '/'): ValidationIssue =>
  xmlRefusal(
    'XML-ENTITY',
    line,
    xpath,
    `entità non predefinita &${name}; (non espansa)`,
    `entity &${name}; is not predefined (not expanded)`,
  )

export const refuseDepth = (max: number, line: number, xpath = '/'): ValidationIssue =>
  xmlRefusal('XML-DEPTH', line, xpath, `annidamento oltre ${max} livelli`, `nesting deeper than ${max} levels`)

export const refuseNamespace = (prefix: string, line: number, xpath = '/'): ValidationIssue =>
  xmlRefusal('XML-NAMESPACE', line, xpath, `prefisso di namespace non dichiarato: ${prefix}`, `undeclared namespace prefix: ${prefix}`)

/** Not well-formed XML: `en` is the parser's diagnostic (in English), also quoted in the Italian message. */
export const refuseMalformed = (line: number, en: string, xpath = '/'): ValidationIssue =>
  xmlRefusal('XML-MALFORMED', line, xpath, `XML non ben formato: ${en}`, en)
