/**
 * The XSD validator shared by the runtime entry points (node.ts for Node and Deno, edge.ts for workerd):
 * it takes the libxml2-wasm API (the published package, or the copy patched for workerd) and a schema,
 * compiles the schema once, and per call refuses hostile input, parses, validates, maps the errors to
 * ValidationIssues and frees the parsed document.
 * @module
 */

import type * as Libxml2 from 'libxml2-wasm'
import type { ValidationIssue } from '../../../core/fatturapa/issue.ts'
import type { XsdValidator } from '../../../ports/xsd-validator.port.ts'
import { refuseHostile } from './hostile.ts'
import { elementOf, notWellFormedIssue, xsdIssue } from './issues.ts'
import { normalizeXPath, readRepeatMap } from './xpath.ts'

/** The part of libxml2-wasm this adapter uses (the same in the published and the patched copy). */
export type Libxml2Api = Pick<
  typeof Libxml2,
  | 'XmlDocument'
  | 'XsdValidator'
  | 'XmlValidateError'
  | 'XmlParseError'
  | 'ParseOption'
  | 'XmlBufferInputProvider'
  | 'xmlRegisterInputProvider'
>

const registered = new WeakSet<object>()

/**
 * Lets libxml2 resolve the FatturaPA XSD's `xs:import` of xmldsig from memory: one buffer, served only
 * for its exact URL (nothing is fetched; any other URL is not matched). libxml2's input callbacks are
 * global to a libxml2 instance, so this registers once per instance.
 */
export function registerXmldsig(lib: Libxml2Api, url: string, xsd: string): void {
  if (registered.has(lib.XmlDocument)) return
  const provider = new lib.XmlBufferInputProvider({ [url]: new TextEncoder().encode(xsd) })
  if (!lib.xmlRegisterInputProvider(provider)) throw new Error('libxml2: could not register the xmldsig schema provider')
  registered.add(lib.XmlDocument)
}

export type SchemaSource = {
  /** The XSD text (a leading BOM is ignored). */
  readonly xsd: string
  /** The base URL of the XSD, for libxml2's diagnostics and relative imports. */
  readonly url: string
}

/** An XsdValidator that owns libxml2 memory: `dispose()` frees the compiled schema. */
export type DisposableXsdValidator = XsdValidator & { dispose(): void }

const stripBom = (s: string): string => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s)

/**
 * libxml2 options for the documents: no XML_PARSE_NOENT (no entity substitution), no DTDLOAD/DTDATTR/
 * DTDVALID, no XINCLUDE; NONET and NO_XXE so that libxml2 itself never loads an external DTD or entity.
 * IGNORE_ENC: the input is a JS string, already decoded, so an `encoding="ISO-8859-1"` declaration must
 * not re-decode it.
 */
export const PARSE_OPTIONS = (P: Libxml2Api['ParseOption']): number =>
  P.XML_PARSE_NONET | P.XML_PARSE_NO_XXE | P.XML_PARSE_IGNORE_ENC | P.XML_PARSE_BIG_LINES

export function createXsdValidatorWith(lib: Libxml2Api, schema: SchemaSource): DisposableXsdValidator {
  const P = lib.ParseOption
  const parseOptions = PARSE_OPTIONS(P)
  const xsdDoc = lib.XmlDocument.fromString(stripBom(schema.xsd), { url: schema.url, option: P.XML_PARSE_NONET })
  let compiled: Libxml2.XsdValidator
  try {
    compiled = lib.XsdValidator.fromDoc(xsdDoc)
  } catch (e) {
    xsdDoc.dispose()
    throw e
  }
  const repeats = readRepeatMap(schema.xsd)

  const validateSync = (xml: string): ValidationIssue[] => {
    const refused = refuseHostile(xml)
    if (refused !== undefined) return [refused]
    let doc: Libxml2.XmlDocument
    try {
      doc = lib.XmlDocument.fromString(xml, { option: parseOptions })
    } catch (e) {
      if (e instanceof lib.XmlParseError) return [notWellFormedIssue(e.details)]
      throw e
    }
    try {
      compiled.validate(doc)
      return []
    } catch (e) {
      if (!(e instanceof lib.XmlValidateError)) throw e
      const rootName = safeRootName(doc)
      return e.details.map((d) => {
        const names = rootName === undefined ? { last: elementOf(d.message) } : { root: rootName, last: elementOf(d.message) }
        const issue = xsdIssue(d.message, normalizeXPath(d.xpath, repeats, names))
        return d.level < 2 ? { ...issue, severity: 'warning' as const } : issue
      })
    } finally {
      doc.dispose()
    }
  }

  return {
    validate: async (xml) => validateSync(xml),
    dispose: () => {
      compiled.dispose()
      xsdDoc.dispose()
    },
  }
}

function safeRootName(doc: Libxml2.XmlDocument): string | undefined {
  try {
    return doc.root.name
  } catch {
    return undefined
  }
}
