/**
 * FatturaPA parsing and XSD validation for **Cloudflare Workers / workerd** (composition root: edge/worker.ts imports
 * `createEdgeXsdValidator` from here; Node and Deno import ./node.ts). workerd refuses to compile wasm
 * from bytes at run time, so this uses the copy of libxml2-wasm patched by scripts/build-xsd-wasm.mjs
 * (./vendor/libxml2-wasm: the wasm imported as a module, and Emscripten's addFunction wrappers
 * precompiled, which is what also makes libxml2's input provider, hence the real xmldsig import, work).
 *
 * `schema`: 'official' (default) is the official XSD 1.2.2 with the real xmldsig schema, as on Node and
 * Deno: same verdicts everywhere. 'lax-signature' is the edge variant of the research recipe (no xmldsig
 * import; ds:Signature is a lax xs:any), kept as a fallback: it differs only inside ds:Signature
 * (test/adapters/fatturapa/xsd.test.ts checks both against the official verdicts).
 *
 * `createSdiMessageValidator` is the same layer over the SDI message schema (MessaggiTypes_v1.1.xsd,
 * ./sdi-messages.ts) with the real xmldsig, as on Node: no lax variant is needed for it.
 * @module
 */

import type { XmlDocumentReader } from '../../../ports/xml-document-reader.port.ts'
import type { XsdValidator } from '../../../ports/xsd-validator.port.ts'
import { createXsdValidatorWith, registerXmldsig } from './create-validator.ts'
import type { Libxml2Api } from './libxml2.ts'
import {
  FATTURAPA_EDGE_XSD,
  FATTURAPA_XSD,
  MESSAGGI_XSD,
  MESSAGGI_XSD_FILE,
  XMLDSIG_URL,
  XMLDSIG_XSD,
} from './schemas/schemas.generated.ts'
import { sdiMessageValidator } from './sdi-messages.ts'
import * as vendored from './vendor/libxml2-wasm/index.mjs'
import { createXmlReaderWith } from './xml-reader.ts'

export type EdgeSchema = 'official' | 'lax-signature'

// The vendored declarations are byte copies of the published ones, but TypeScript sees two classes.
// The bundle also exports the struct readers of lib/libxml2.mjs (see scripts/build-xsd-wasm.mjs).
export const edgeLibxml2 = vendored as unknown as Libxml2Api

/** The reader alone (no schema to compile): the tree of a document, or its refusal. */
export const edgeXmlReader: XmlDocumentReader = createXmlReaderWith(edgeLibxml2)
const shared = new Map<EdgeSchema, Promise<XsdValidator>>()

/** The validator, compiled once per isolate on first use (per schema) and shared by every request. */
export function createEdgeXsdValidator(options: { readonly schema?: EdgeSchema } = {}): Promise<XsdValidator> {
  const schema = options.schema ?? 'official'
  let v = shared.get(schema)
  if (v === undefined) {
    v = Promise.resolve().then(() => {
      if (schema === 'lax-signature') {
        return createXsdValidatorWith(edgeLibxml2, { xsd: FATTURAPA_EDGE_XSD, url: 'Schema_del_file_xml_FatturaPA_v1.2.2.edge.xsd' })
      }
      registerXmldsig(edgeLibxml2, XMLDSIG_URL, XMLDSIG_XSD)
      return createXsdValidatorWith(edgeLibxml2, { xsd: FATTURAPA_XSD, url: 'Schema_del_file_xml_FatturaPA_v1.2.2.xsd' })
    })
    shared.set(schema, v)
  }
  return v
}

let sharedSdi: Promise<XsdValidator> | undefined

/** The validator of SDI notifications (MessaggiTypes_v1.1.xsd + xmldsig), compiled once per isolate on first use. */
export function createSdiMessageValidator(): Promise<XsdValidator> {
  sharedSdi ??= Promise.resolve().then(() => {
    registerXmldsig(edgeLibxml2, XMLDSIG_URL, XMLDSIG_XSD)
    return sdiMessageValidator(createXsdValidatorWith(edgeLibxml2, { xsd: MESSAGGI_XSD, url: MESSAGGI_XSD_FILE }))
  })
  return sharedSdi
}
