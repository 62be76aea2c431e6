/**
 * The XSD validator shared by the runtime entry points (node.ts for Node and Deno, edge.ts for workerd):
 * it takes the libxml2-wasm API (the published package, or the copy patched for workerd) and a schema,
 * compiles the schema once, and per call parses the document once (xml-reader.ts: screened, refused
 * or parsed), applies the refusal rules of the tree (walk.ts), validates that same document (through one
 * reused validation context where the libxml2 copy allows it: schema-context.ts), maps the
 * errors to ValidationIssues, and frees it; `check` also returns the tree walked from it.
 * @module
 */

import type * as Libxml2 from 'libxml2-wasm'
import type { ValidationIssue } from '../../../core/fatturapa/issue.ts'
import type { XmlReadOptions } from '../../../core/fatturapa/xml-refusals.ts'
import type { SchemaCheck, XsdValidator } from '../../../ports/xsd-validator.port.ts'
import { elementOf, xsdIssue } from './issues.ts'
import type { Libxml2Api, Libxml2Document } from './libxml2.ts'
import { schemaRun } from './schema-context.ts'
import { refusalIn, treeOf } from './walk.ts'
import { createXmlReaderWith, parseDocument } from './xml-reader.ts'
import { normalizeXPath, readRepeatMap } from './xpath.ts'

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

export function createXsdValidatorWith(lib: Libxml2Api, schema: SchemaSource): DisposableXsdValidator {
  const P = lib.ParseOption
  const xsdDoc = lib.XmlDocument.fromString(stripBom(schema.xsd), { url: schema.url, option: P.XML_PARSE_NONET })
  let compiled: Libxml2.XsdValidator
  try {
    compiled = lib.XsdValidator.fromDoc(xsdDoc)
  } catch (e) {
    xsdDoc.dispose()
    throw e
  }
  const repeats = readRepeatMap(schema.xsd)
  const run = schemaRun(lib, compiled)

  const schemaIssues = (doc: Libxml2Document): ValidationIssue[] => {
    try {
      run.validate(doc)
      return []
    } catch (e) {
      if (!(e instanceof lib.XmlValidateError)) throw e
      const rootName = safeRootName(doc)
      return e.details.map((d) => {
        const names = rootName === undefined ? { last: elementOf(d.message) } : { root: rootName, last: elementOf(d.message) }
        const issue = xsdIssue(d.message, normalizeXPath(d.xpath, repeats, names))
        return d.level < 2 ? { ...issue, severity: 'warning' as const } : issue
      })
    }
  }

  const check = (xml: string, options: XmlReadOptions): SchemaCheck => {
    const parsed = parseDocument(lib, xml, options)
    if (!parsed.ok) return parsed
    try {
      const tree = treeOf(lib, parsed.doc, options)
      return tree.ok ? { ok: true, root: tree.root, issues: schemaIssues(parsed.doc) } : tree
    } finally {
      parsed.doc.dispose()
    }
  }

  const validate = (xml: string, options: XmlReadOptions): readonly ValidationIssue[] => {
    const parsed = parseDocument(lib, xml, options)
    if (!parsed.ok) return [parsed.issue]
    try {
      const refused = refusalIn(lib, parsed.doc, options)
      return refused === undefined ? schemaIssues(parsed.doc) : [refused]
    } finally {
      parsed.doc.dispose()
    }
  }

  return {
    read: createXmlReaderWith(lib).read,
    check: async (xml, options = {}) => check(xml, options),
    validate: async (xml, options = {}) => validate(xml, options),
    dispose: () => {
      run.dispose()
      compiled.dispose()
      xsdDoc.dispose()
    },
  }
}

function safeRootName(doc: Libxml2Document): string | undefined {
  try {
    return doc.root.name
  } catch {
    return undefined
  }
}
