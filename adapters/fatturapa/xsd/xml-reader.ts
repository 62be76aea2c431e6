/**
 * The {@link XmlDocumentReader} on libxml2: the text is screened (core/fatturapa/xml-screen.ts: no
 * DOCTYPE ever reaches libxml2), parsed once with network and entity loading off, and walked into the
 * rules' tree (walk.ts). create-validator.ts uses the same {@link parseDocument} and validates that
 * document against the XSD before freeing it.
 * @module
 */

import type { ValidationIssue } from '../../../core/fatturapa/issue.ts'
import { XML_MAX_DEPTH, type XmlReadOptions } from '../../../core/fatturapa/xml-refusals.ts'
import { screenXml } from '../../../core/fatturapa/xml-screen.ts'
import type { XmlDocumentReader } from '../../../ports/xml-document-reader.port.ts'
import { type Libxml2Api, type Libxml2Document, PARSE_OPTIONS } from './libxml2.ts'
import { parseRefusal } from './parse-errors.ts'
import { treeOf } from './walk.ts'

export type ParsedDocument = { readonly ok: true; readonly doc: Libxml2Document } | { readonly ok: false; readonly issue: ValidationIssue }

const encoder = new TextEncoder()
/** A lone surrogate (in a `u` regex, a well-formed pair is one code point, not a Cs). */
const LONE_SURROGATE = /\p{Cs}/u

/**
 * Screens and parses `xml`; the caller disposes the document. The text goes to libxml2 as the UTF-8 bytes of
 * one native TextEncoder pass (fromString's own encoder, Emscripten's, walks the string in JS and measured a
 * third of the parse); libxml2 reads exactly the same bytes either way (IGNORE_ENC, no URL, no encoding). A
 * string with a lone surrogate, which the two encoders write differently, and the empty string (which fromString
 * hands to libxml2 as no buffer at all) still go through fromString.
 */
export function parseDocument(lib: Libxml2Api, xml: string, options: XmlReadOptions): ParsedDocument {
  const refused = screenXml(xml, options)
  if (refused !== undefined) return { ok: false, issue: refused }
  const option = PARSE_OPTIONS(lib.ParseOption)
  try {
    const doc =
      xml === '' || LONE_SURROGATE.test(xml)
        ? lib.XmlDocument.fromString(xml, { option })
        : lib.XmlDocument.fromBuffer(encoder.encode(xml), { option })
    return { ok: true, doc }
  } catch (e) {
    if (e instanceof lib.XmlParseError) return { ok: false, issue: parseRefusal(e.details, options.maxDepth ?? XML_MAX_DEPTH) }
    throw e
  }
}

/**
 * @example
 * const r = createXmlReaderWith(lib).read('<a><b>1</b><b>2</b></a>')
 * // r.ok && r.root.children[1].xpath === '/a/b[2]'
 */
export function createXmlReaderWith(lib: Libxml2Api): XmlDocumentReader {
  return {
    read(xml, options = {}) {
      const parsed = parseDocument(lib, xml, options)
      if (!parsed.ok) return parsed
      try {
        return treeOf(lib, parsed.doc, options)
      } finally {
        parsed.doc.dispose()
      }
    },
  }
}
