/**
 * The part of libxml2-wasm the FatturaPA adapter uses, the same in the published package (Node and
 * Deno, node.ts) and in the copy patched for workerd (edge.ts, ./vendor): the public API for parsing
 * and schema validation, plus libxml2-wasm's own struct readers (`lib/libxml2.mjs`, exported by
 * the vendored bundle too) so that walk.ts reads the parsed document's nodes directly, about five
 * times faster than through the public node wrappers. Both copies are pinned to 0.7.2
 * (package.json, scripts/build-xsd-wasm.mjs), which is what makes the struct readers safe to use.
 * @module
 */

import type * as Libxml2 from 'libxml2-wasm'
import type * as Libxml2Structs from 'libxml2-wasm/lib/libxml2.mjs'

export type Libxml2Api = Pick<
  typeof Libxml2,
  | 'XmlDocument'
  | 'XsdValidator'
  | 'XmlValidateError'
  | 'XmlParseError'
  | 'ParseOption'
  | 'XmlBufferInputProvider'
  | 'xmlRegisterInputProvider'
> &
  Pick<typeof Libxml2Structs, 'XmlNodeStruct' | 'XmlNsStruct' | 'XmlXPathObjectStruct' | 'xmlNodeGetContent'>

export type Libxml2Document = Libxml2.XmlDocument
export type Libxml2ErrorDetail = Libxml2.ErrorDetail

/**
 * libxml2 options for the documents: no XML_PARSE_NOENT (no entity substitution), no DTDLOAD/DTDATTR/
 * DTDVALID, no XINCLUDE; NONET and NO_XXE so that libxml2 itself never loads an external DTD or entity
 * (a second line of defence: xml-screen.ts refuses every DOCTYPE before libxml2 sees the text).
 * IGNORE_ENC: the input is a JS string, already decoded, so an `encoding="ISO-8859-1"` declaration must
 * not re-decode it.
 */
export const PARSE_OPTIONS = (P: Libxml2Api['ParseOption']): number =>
  P.XML_PARSE_NONET | P.XML_PARSE_NO_XXE | P.XML_PARSE_IGNORE_ENC | P.XML_PARSE_BIG_LINES

/**
 * The two xmlNode fields walk.ts reads on every node and libxml2-wasm has no reader for. Its struct
 * readers are `(ptr) => getValue(ptr + offset, type)` at libxml2's fixed wasm32 offsets, so these use a
 * reader of the same type at a shifted base:
 * - `namePointer`: xmlNode.name (offset 8) as a pointer, with the i32 reader of `type` (offset 4) at
 *   ptr + 4. Names are interned, so the walk decodes each distinct name once per document.
 * - `text`: xmlNode.content (offset 40, the text of a text or CDATA node), with the string reader of
 *   xmlXPathObject.stringval (offset 24) at ptr + 16; xmlNodeGetContent would copy it into a fresh
 *   allocation, decode it and free it.
 * Together they make the walk of a 1 MB invoice about a third cheaper. {@link nodeFields} checks them
 * once per libxml2 API object on a probe document, and falls back to the plain readers if they disagree.
 */
export type NodeFields = {
  readonly namePointer: (node: number) => number
  readonly text: (node: number) => string
}

const checkedFields = new WeakMap<Libxml2Api, NodeFields>()

export function nodeFields(lib: Libxml2Api): NodeFields {
  let fields = checkedFields.get(lib)
  if (fields !== undefined) return fields
  const N = lib.XmlNodeStruct
  const shifted: NodeFields = {
    namePointer: (node) => N.type(node + 4),
    text: (node) => lib.XmlXPathObjectStruct.stringval(node + 16),
  }
  const plain: NodeFields = { namePointer: (node) => node, text: lib.xmlNodeGetContent }
  const probe = lib.XmlDocument.fromString('<a>t\u00e8<![CDATA[<c>]]><a/><b/></a>', { option: PARSE_OPTIONS(lib.ParseOption) })
  try {
    const a = N.children(documentPointer(probe))
    const text = N.children(a)
    const cdata = N.next(text)
    const inner = N.next(cdata)
    const b = N.next(inner)
    const agree =
      shifted.text(text) === 'tè' &&
      shifted.text(cdata) === '<c>' &&
      shifted.namePointer(a) !== 0 &&
      shifted.namePointer(a) === shifted.namePointer(inner) &&
      shifted.namePointer(a) !== shifted.namePointer(b)
    fields = agree ? shifted : plain
  } finally {
    probe.dispose()
  }
  checkedFields.set(lib, fields)
  return fields
}

/** The document's pointer into the wasm heap (libxml2-wasm keeps it as `_ptr`). */
export function documentPointer(doc: Libxml2Document): number {
  const ptr = (doc as unknown as { readonly _ptr?: unknown })._ptr
  if (typeof ptr !== 'number' || ptr === 0) throw new Error('libxml2-wasm: parsed document without a pointer (version changed?)')
  return ptr
}
