/**
 * FatturaPA parsing and XSD validation for **Node and Deno** (edge/node.ts, edge/deno.ts and the CLI load
 * `createNodeXsdValidator` from here on first use, through edge/local/xsd.ts; the Workers root edge/worker.ts imports
 * `createEdgeXsdValidator` from ./edge.ts instead, and no file re-exports both, because each pulls in
 * its own copy of libxml2). Uses the published libxml2-wasm and the official XSD 1.2.2 with the real
 * xmldsig schema, which libxml2 reads from memory through an input provider registered for the exact
 * URL of the XSD's `xs:import` (nothing is fetched). Deno needs only `--allow-read` (node_modules).
 * `createSdiMessageValidator` is the same layer over the SDI message schema (MessaggiTypes_v1.1.xsd,
 * ./sdi-messages.ts), with the same xmldsig.
 * @module
 */

import * as libxml2 from 'libxml2-wasm'
import * as structs from 'libxml2-wasm/lib/libxml2.mjs'
import type { XmlDocumentReader } from '../../../ports/xml-document-reader.port.ts'
import type { XsdValidator } from '../../../ports/xsd-validator.port.ts'
import { createXsdValidatorWith, registerXmldsig } from './create-validator.ts'
import type { Libxml2Api } from './libxml2.ts'
import { FATTURAPA_XSD, MESSAGGI_XSD, MESSAGGI_XSD_FILE, XMLDSIG_URL, XMLDSIG_XSD } from './schemas/schemas.generated.ts'
import { sdiMessageValidator } from './sdi-messages.ts'
import { createXmlReaderWith } from './xml-reader.ts'

/** The published libxml2-wasm, with its struct readers (lib/libxml2.mjs: the same instance as the API's). */
export const nodeLibxml2: Libxml2Api = { ...libxml2, ...structs }

/**
 * The reader alone (no schema to compile): the tree of a document, or its refusal.
 * @example
 * const r = nodeXmlReader.read(xml)
 * if (r.ok) checkFatturaTree(r.root)
 */
export const nodeXmlReader: XmlDocumentReader = createXmlReaderWith(nodeLibxml2)

let shared: Promise<XsdValidator> | undefined

/**
 * The validator, compiled once per process (about 25 ms) and shared by every caller.
 * @example
 * const xsd = await createNodeXsdValidator()
 * const issues = await xsd.validate(xml) // [] when schema-valid
 */
export function createNodeXsdValidator(): Promise<XsdValidator> {
  shared ??= Promise.resolve().then(() => {
    registerXmldsig(nodeLibxml2, XMLDSIG_URL, XMLDSIG_XSD)
    return createXsdValidatorWith(nodeLibxml2, { xsd: FATTURAPA_XSD, url: 'Schema_del_file_xml_FatturaPA_v1.2.2.xsd' })
  })
  return shared
}

let sharedSdi: Promise<XsdValidator> | undefined

/**
 * The validator of SDI notifications (RC, NS, MC, NE, DT, AT against MessaggiTypes_v1.1.xsd with the real
 * xmldsig), compiled once per process on first use and shared.
 * @example
 * const sdi = await createSdiMessageValidator()
 * const issues = await sdi.validate(notificationXml) // [] when schema-valid
 */
export function createSdiMessageValidator(): Promise<XsdValidator> {
  sharedSdi ??= Promise.resolve().then(() => {
    registerXmldsig(nodeLibxml2, XMLDSIG_URL, XMLDSIG_XSD)
    return sdiMessageValidator(createXsdValidatorWith(nodeLibxml2, { xsd: MESSAGGI_XSD, url: MESSAGGI_XSD_FILE }))
  })
  return sharedSdi
}
