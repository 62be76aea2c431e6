/**
 * XSD validation of a parsed document through one libxml2 schema validation context kept for the life of the
 * compiled schema, instead of libxml2-wasm's `XsdValidator.validate`, which creates, wires and frees a context
 * on every call (a fifth of a small invoice's validation). libxml2 resets a context at the start and end of
 * each `xmlSchemaValidateDoc` (xmlSchemaPreRun / xmlSchemaPostRun), so reusing it is supported; calls are
 * synchronous, so two documents never share it at once. The verdict and the diagnostics are libxml2's own,
 * collected by libxml2-wasm's error collector exactly as `validate` does, and a failure throws the same
 * `XmlValidateError`. Used only where the libxml2-wasm copy exports the raw calls ({@link Libxml2SchemaRaw}:
 * Node and Deno); elsewhere the public `validate` runs.
 * @module
 */

import type * as Libxml2 from 'libxml2-wasm'
import { documentPointer, type Libxml2Api, type Libxml2Document, type Libxml2SchemaRaw } from './libxml2.ts'

/** Validates a document against the schema; throws XmlValidateError when it is invalid. */
export type SchemaRun = { validate(doc: Libxml2Document): void; dispose(): void }

function rawOf(lib: Libxml2Api): Libxml2SchemaRaw | undefined {
  const raw = lib as Libxml2Api & Partial<Libxml2SchemaRaw>
  const { error, xmlSchemaNewValidCtxt, xmlSchemaSetValidStructuredErrors, xmlSchemaValidateDoc, xmlSchemaFreeValidCtxt } = raw
  if (!error || !xmlSchemaNewValidCtxt || !xmlSchemaSetValidStructuredErrors || !xmlSchemaValidateDoc || !xmlSchemaFreeValidCtxt)
    return undefined
  return { error, xmlSchemaNewValidCtxt, xmlSchemaSetValidStructuredErrors, xmlSchemaValidateDoc, xmlSchemaFreeValidCtxt }
}

/** The schema pointer libxml2-wasm keeps as `_ptr` on a compiled XsdValidator. */
function schemaPointer(compiled: Libxml2.XsdValidator): number {
  const ptr = (compiled as unknown as { readonly _ptr?: unknown })._ptr
  if (typeof ptr !== 'number' || ptr === 0) throw new Error('libxml2-wasm: compiled schema without a pointer (version changed?)')
  return ptr
}

/**
 * @example
 * const run = schemaRun(lib, compiled)
 * run.validate(doc) // throws lib.XmlValidateError with libxml2's details when invalid
 */
export function schemaRun(lib: Libxml2Api, compiled: Libxml2.XsdValidator): SchemaRun {
  const raw = rawOf(lib)
  if (raw === undefined) return { validate: (doc) => compiled.validate(doc), dispose: () => {} }
  const ctxt = raw.xmlSchemaNewValidCtxt(schemaPointer(compiled))
  if (ctxt === 0) throw new Error('libxml2: could not allocate a schema validation context')
  const details: Libxml2.ErrorDetail[] = []
  const slot = raw.error.storage.allocate(details)
  raw.xmlSchemaSetValidStructuredErrors(ctxt, raw.error.errorCollector, slot)
  return {
    validate(doc) {
      details.length = 0
      const ret = raw.xmlSchemaValidateDoc(ctxt, documentPointer(doc))
      const found = details.splice(0)
      if (ret < 0) throw new Error('libxml2: invalid input or internal error during schema validation')
      if (ret > 0) throw lib.XmlValidateError.fromDetails(found)
    },
    dispose() {
      raw.xmlSchemaFreeValidCtxt(ctxt)
      raw.error.storage.free(slot)
    },
  }
}
