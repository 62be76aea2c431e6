/**
 * The refusal rules that run on the text, before the parser sees it: a document too large, an
 * unsupported declared encoding, a processing instruction before the root element, and anywhere in
 * the text a DOCTYPE or other markup declaration (so no DTD, hence no entity declaration, ever reaches
 * the parser: billion laughs, external and parameter entities) or an XInclude namespace. The markers
 * are refused wherever they appear, comments and CDATA included: conservative on purpose, since this
 * screen only ever refuses (what it lets through, the parser still judges) and it is not a parser.
 * @module
 */

import type { ValidationIssue } from './issue.ts'
import { ENCODINGS } from './xml-decode.ts'
import {
  refuseDoctype,
  refuseEncoding,
  refuseInstruction,
  refuseSize,
  refuseXInclude,
  XML_MAX_CHARS,
  type XmlReadOptions,
} from './xml-refusals.ts'

const MARKUP_DECLARATION = /<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i
const XINCLUDE_NAMESPACE = /http:\/\/www\.w3\.org\/20(?:01|03)\/XInclude/

/**
 * The first refusal the text alone earns, or undefined when the parser may read it.
 * @example
 * screenXml('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>')?.code // 'XML-DOCTYPE'
 */
export function screenXml(xml: string, options: XmlReadOptions = {}): ValidationIssue | undefined {
  const max = options.maxChars ?? XML_MAX_CHARS
  if (xml.length > max) return refuseSize(xml.length, max)
  const prolog = screenProlog(xml, options.allowXmlStylesheet === true)
  if (prolog !== undefined) return prolog
  const declaration = MARKUP_DECLARATION.exec(xml)?.index ?? -1
  const xinclude = XINCLUDE_NAMESPACE.exec(xml)?.index ?? -1
  if (declaration !== -1 && (xinclude === -1 || declaration < xinclude)) return refuseDoctype(lineAt(xml, declaration))
  if (xinclude !== -1) return refuseXInclude(lineAt(xml, xinclude))
  return undefined
}

/**
 * The prolog (XML declaration, comments, instructions, whitespace up to the root element): the
 * declared encoding and every instruction, in document order. Anything else it leaves to the parser.
 */
function screenProlog(s: string, allowStylesheet: boolean): ValidationIssue | undefined {
  let pos = s.charCodeAt(0) === 0xfeff ? 1 : 0
  if (s.startsWith('<?xml', pos) && /[ \t\r\n?]/.test(s[pos + 5] ?? '')) {
    const end = s.indexOf('?>', pos)
    if (end === -1) return undefined
    const enc = /\sencoding\s*=\s*(["'])([^"']*)\1/.exec(s.slice(pos + 5, end))?.[2]
    if (enc !== undefined && !ENCODINGS.has(enc.toLowerCase())) return refuseEncoding(enc)
    pos = end + 2
  }
  for (;;) {
    while (isWs(s.charCodeAt(pos))) pos++
    if (s.startsWith('<!--', pos)) {
      const end = s.indexOf('-->', pos + 4)
      if (end === -1) return undefined
      pos = end + 3
    } else if (s.startsWith('<?', pos)) {
      const target = /^<\?([^ \t\r\n?]*)/.exec(s.slice(pos, pos + 64))?.[1] ?? ''
      // A misplaced XML declaration is not well-formed: the parser says so.
      if (target.toLowerCase() === 'xml') return undefined
      const end = s.indexOf('?>', pos + 2)
      if (!allowStylesheet || target !== 'xml-stylesheet' || end === -1) return refuseInstruction(target, lineAt(s, pos))
      pos = end + 2 // skipped, never followed
    } else return undefined
  }
}

/** 1-based line of the character at `index`. */
function lineAt(s: string, index: number): number {
  let line = 1
  for (let i = s.indexOf('\n'); i !== -1 && i < index; i = s.indexOf('\n', i + 1)) line++
  return line
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
}
