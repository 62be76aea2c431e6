/**
 * Bytes of an XML file → text, by its BOM or declared encoding, before anything parses it: UTF-8
 * (default), ISO-8859-1/windows-1252 (decoded as windows-1252, as browsers do) and US-ASCII. The
 * parser then reads that text as already decoded (the declaration is not applied a second time).
 * @module
 */

import type { ValidationIssue } from './issue.ts'

/** Declared encodings accepted: the text is assumed to have been decoded with them (see {@link decodeXmlBytes}). */
export const ENCODINGS: ReadonlySet<string> = new Set([
  'utf-8',
  'utf8',
  'us-ascii',
  'ascii',
  'iso-8859-1',
  'latin1',
  'iso_8859-1',
  'windows-1252',
  'cp1252',
])

/**
 * Decodes the bytes of an XML file into text. Anything but the encodings above (UTF-16, EBCDIC, …)
 * is refused with `XML-ENCODING`; invalid UTF-8 is refused with `XML-MALFORMED`.
 * @example
 * const d = decodeXmlBytes(await readFile(path))
 * if (d.ok) await validateFatturaXml(d.text, { xsd })
 */
export function decodeXmlBytes(
  bytes: Uint8Array,
): { readonly ok: true; readonly text: string } | { readonly ok: false; readonly issue: ValidationIssue } {
  const issue = (code: string, it: string, en: string): { ok: false; issue: ValidationIssue } => ({
    ok: false,
    issue: { layer: 'xml', code, xpath: '/', message: { it: `Riga 1: ${it}`, en: `Line 1: ${en}` }, severity: 'error' },
  })
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    return issue('XML-ENCODING', 'codifica UTF-16 non supportata', 'UTF-16 encoding not supported')
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const body = hasBom ? bytes.subarray(3) : bytes
  let head = ''
  for (let i = 0; i < Math.min(body.length, 200); i++) head += String.fromCharCode(body[i] as number)
  const declared = head.startsWith('<?xml')
    ? /\sencoding\s*=\s*(["'])([^"']*)\1/.exec(head.slice(0, head.indexOf('?>') + 1 || 200))?.[2]
    : undefined
  const enc = (declared ?? 'utf-8').toLowerCase()
  if (!ENCODINGS.has(enc)) {
    return issue('XML-ENCODING', `codifica dichiarata non supportata: ${declared}`, `unsupported declared encoding: ${declared}`)
  }
  const label = enc === 'utf-8' || enc === 'utf8' || enc === 'us-ascii' || enc === 'ascii' ? 'utf-8' : 'windows-1252'
  if (hasBom && label !== 'utf-8')
    return issue('XML-ENCODING', `BOM UTF-8 con codifica dichiarata ${declared}`, `UTF-8 BOM with declared encoding ${declared}`)
  try {
    return { ok: true, text: new TextDecoder(label, { fatal: true }).decode(body) }
  } catch {
    return issue('XML-MALFORMED', `sequenza di byte non valida per ${label}`, `invalid byte sequence for ${label}`)
  }
}
