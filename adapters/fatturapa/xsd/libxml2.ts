/**
 * The part of libxml2-wasm the FatturaPA adapter uses, the same in the published package (Node and
 * Deno, node.ts) and in the copy patched for workerd (edge.ts, ./vendor): the public API for parsing
 * and schema validation, plus a few of libxml2-wasm's internal struct readers (`lib/libxml2.mjs`,
 * which the vendored bundle exports too): memory.ts checks its own reading of the parsed nodes
 * against them, and takes the wasm memory from one of them. Both copies are pinned to 0.7.2
 * (package.json, scripts/build-xsd-wasm.mjs).
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
  Pick<typeof Libxml2Structs, 'XmlNodeStruct' | 'XmlNsStruct' | 'XmlNodeSetStruct' | 'xmlNodeGetContent'>

/**
 * The raw schema-validation calls of lib/libxml2.mjs, when the copy exports them (the published package does,
 * the workerd bundle does not): with them, one validation context serves every document (schema-context.ts).
 */
export type Libxml2SchemaRaw = Pick<
  typeof Libxml2Structs,
  'error' | 'xmlSchemaNewValidCtxt' | 'xmlSchemaSetValidStructuredErrors' | 'xmlSchemaValidateDoc' | 'xmlSchemaFreeValidCtxt'
>

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

/** The document's pointer into the wasm memory (libxml2-wasm keeps it as `_ptr`). */
export function documentPointer(doc: Libxml2Document): number {
  const ptr = (doc as unknown as { readonly _ptr?: unknown })._ptr
  if (typeof ptr !== 'number' || ptr === 0) throw new Error('libxml2-wasm: parsed document without a pointer (version changed?)')
  return ptr
}
