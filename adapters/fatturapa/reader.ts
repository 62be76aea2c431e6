/**
 * FatturaPA XML → {@link Invoice}: the inverse of the generator, walking the same element table
 * (core/fatturapa/schema.ts) over the tree an {@link XmlDocumentReader} gives (libxml2: ./xsd/node.ts
 * or ./xsd/edge.ts), which refuses DOCTYPE, entities and other hostile input without expanding anything. Values are kept as written
 * (trimmed); nothing is validated beyond the structure: use the XSD and SDI checks for that.
 * Elements the schema does not know (and `ds:Signature`) are skipped, with a warning for the former.
 * @module
 */

import type { ValidationIssue } from '../../core/fatturapa/issue.ts'
import type { Invoice } from '../../core/fatturapa/model.ts'
import { isLeaf, TYPES, type TypeName } from '../../core/fatturapa/schema.ts'
import type { XmlElement } from '../../core/fatturapa/xml-tree.ts'
import type { XmlDocumentReader } from '../../ports/xml-document-reader.port.ts'

export type ReadResult = { ok: true; invoice: Invoice; warnings: ValidationIssue[] } | { ok: false; issues: ValidationIssue[] }

type Obj = Record<string, unknown>

/**
 * @example
 * const r = readInvoice(xml, nodeXmlReader)
 * if (r.ok) r.invoice.header.datiTrasmissione.progressivoInvio // '00001'
 */
export function readInvoice(xml: string, reader: XmlDocumentReader): ReadResult {
  const parsed = reader.read(xml)
  if (!parsed.ok) return { ok: false, issues: [parsed.issue] }
  const root = parsed.root
  if (root.name !== 'FatturaElettronica') {
    return {
      ok: false,
      issues: [
        structural('READ-ROOT', `/${root.name}`, 'La radice non è FatturaElettronica', 'The root element is not FatturaElettronica'),
      ],
    }
  }
  const versione = root.attrs['versione']
  if (versione !== 'FPA12' && versione !== 'FPR12') {
    return {
      ok: false,
      issues: [
        structural(
          'READ-VERSIONE',
          '/FatturaElettronica/@versione',
          'Attributo versione assente o non valido',
          'Missing or invalid versione attribute',
        ),
      ],
    }
  }
  const warnings: ValidationIssue[] = []
  const headerEl = root.children.find((c) => c.name === 'FatturaElettronicaHeader')
  const bodyEls = root.children.filter((c) => c.name === 'FatturaElettronicaBody')
  if (!headerEl || bodyEls.length === 0) {
    return {
      ok: false,
      issues: [structural('READ-STRUCTURE', '/FatturaElettronica', 'Header o Body mancante', 'Header or Body missing')],
    }
  }
  for (const c of root.children) {
    if (c.name !== 'FatturaElettronicaHeader' && c.name !== 'FatturaElettronicaBody' && c.name !== 'Signature') unknown(c, warnings)
  }
  const sistema = root.attrs['SistemaEmittente']
  const invoice = {
    versione,
    ...(sistema !== undefined ? { sistemaEmittente: sistema } : {}),
    header: read('FatturaElettronicaHeader', headerEl, warnings),
    bodies: bodyEls.map((b) => read('FatturaElettronicaBody', b, warnings)),
  } as unknown as Invoice
  return { ok: true, invoice, warnings }
}

function read(type: TypeName, el: XmlElement, warnings: ValidationIssue[]): Obj {
  const out: Obj = {}
  const fields = TYPES[type]
  const known = new Set(fields.map((f) => f.xml))
  for (const c of el.children) if (!known.has(c.name)) unknown(c, warnings)
  for (const field of fields) {
    const matches = el.children.filter((c) => c.name === field.xml)
    if (matches.length === 0) continue
    const values = matches.map((c) => {
      if (!isLeaf(field.kind)) return read(field.kind, c, warnings)
      const text = c.text.trim()
      if (field.kind === 'int') {
        const n = Number(text)
        return /^[+-]?\d+$/.test(text) && Number.isSafeInteger(n) ? n : text
      }
      return text
    })
    const present = values.filter((v) => v !== '')
    if (present.length === 0) continue
    out[field.key] = field.many ? present : present[0]
  }
  return out
}

function unknown(el: XmlElement, warnings: ValidationIssue[]): void {
  warnings.push({
    layer: 'xml',
    code: 'READ-UNKNOWN-ELEMENT',
    xpath: el.xpath,
    message: { it: `Elemento ${el.name} non previsto dallo schema: ignorato`, en: `Element ${el.name} is not in the schema: ignored` },
    severity: 'warning',
  })
}

function structural(code: string, xpath: string, it: string, en: string): ValidationIssue {
  return { layer: 'xml', code, xpath, message: { it, en }, severity: 'error' }
}
