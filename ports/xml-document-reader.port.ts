/**
 * Reading an XML document into the element tree the FatturaPA rules walk (core/fatturapa/xml-tree.ts),
 * with hostile or malformed input refused instead: one `xml`-layer issue with a stable `XML-*` code
 * (core/fatturapa/xml-refusals.ts). Synchronous. The adapter is libxml2 (adapters/fatturapa/xsd/), the
 * same parser whose document the {@link XsdValidator} validates: one parser per document.
 * @module
 */

import type { ValidationIssue } from '../core/fatturapa/issue.ts'
import type { XmlReadOptions } from '../core/fatturapa/xml-refusals.ts'
import type { XmlElement } from '../core/fatturapa/xml-tree.ts'

export type XmlRead = { readonly ok: true; readonly root: XmlElement } | { readonly ok: false; readonly issue: ValidationIssue }

export interface XmlDocumentReader {
  read(xml: string, options?: XmlReadOptions): XmlRead
}
