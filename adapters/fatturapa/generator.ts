/**
 * The {@link InvoiceGenerator} on xmlbuilder2 (pure JS: runs on Node, Deno and workerd). It walks
 * the element table of core/fatturapa/schema.ts, so element names and order are the XSD's; only
 * the root element `p:FatturaElettronica` is namespaced (with the xmldsig namespace declared for
 * an optional signature); amounts get exactly two decimals, quantities and unit prices 2–8;
 * absent and empty values produce no element. Text is sanitised first (core/fatturapa/sanitize.ts).
 * @module
 */

import { create } from 'xmlbuilder2'
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'
import { type Dec, fitsScale, fmt2, fmt8, format, parseDec } from '../../core/fatturapa/decimal.ts'
import { invoiceFileName } from '../../core/fatturapa/file-name.ts'
import type { Invoice } from '../../core/fatturapa/model.ts'
import { sanitizeInvoice } from '../../core/fatturapa/sanitize.ts'
import { DSIG_NS, isLeaf, type LeafKind, ROOT_NS, TYPES, type TypeName } from '../../core/fatturapa/schema.ts'
import type { InvoiceGenerator, RenderedInvoice, RenderOptions } from '../../ports/invoice-generator.port.ts'

type Obj = Record<string, unknown>

/** @example createInvoiceGenerator().render(invoice, { progressivoInvio: formatProgressivo(1) }).fileName // 'IT07776161213_00001.xml' */
export function createInvoiceGenerator(): InvoiceGenerator {
  return { render: renderInvoice }
}

export function renderInvoice(invoice: Invoice, options: RenderOptions): RenderedInvoice {
  const dt = invoice.header.datiTrasmissione
  const fileName = invoiceFileName(dt.idTrasmittente, options.progressivoInvio)
  const withProgressivo: Invoice = {
    ...invoice,
    header: { ...invoice.header, datiTrasmissione: { ...dt, progressivoInvio: options.progressivoInvio } },
  }
  const s = sanitizeInvoice(withProgressivo)
  return { xml: toXml(s.invoice), fileName, warnings: [...s.warnings, ...s.errors] }
}

/** The XML text of an invoice, as is (no sanitising). */
export function toXml(invoice: Invoice): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' })
  const root = doc.ele('p:FatturaElettronica', {
    'xmlns:ds': DSIG_NS,
    'xmlns:p': ROOT_NS,
    versione: invoice.versione,
    ...(invoice.sistemaEmittente ? { SistemaEmittente: invoice.sistemaEmittente.replace(/&/g, '&amp;') } : {}),
  })
  node(root.ele('FatturaElettronicaHeader'), 'FatturaElettronicaHeader', invoice.header as unknown as Obj)
  for (const b of invoice.bodies) node(root.ele('FatturaElettronicaBody'), 'FatturaElettronicaBody', b as unknown as Obj)
  return doc.end({ prettyPrint: true, indent: '  ' })
}

function node(el: XMLBuilder, type: TypeName, obj: Obj): void {
  for (const field of TYPES[type]) {
    const value = obj[field.key]
    const values = field.many ? (Array.isArray(value) ? value : []) : [value]
    for (const v of values) {
      if (v === undefined || v === null || v === '') continue
      // xmlbuilder2 leaves `&name;` and `&#nn;` unescaped (constants.js nonEntityAmpersandRegex), which
      // would turn the text "&A;" into an undefined entity: escape every & first, it then leaves "&amp;" alone.
      if (isLeaf(field.kind)) el.ele(field.xml).txt(leaf(field.kind, v).replace(/&/g, '&amp;'))
      else if (hasContent(field.kind, v as Obj)) node(el.ele(field.xml), field.kind, v as Obj)
    }
  }
}

/** False for a complex value that would render as an empty element (e.g. `<ContattiTrasmittente/>`). */
function hasContent(type: TypeName, obj: Obj): boolean {
  return TYPES[type].some((field) => {
    const value = obj[field.key]
    const values = field.many ? (Array.isArray(value) ? value : []) : [value]
    return values.some((v) => v !== undefined && v !== null && v !== '' && (isLeaf(field.kind) || hasContent(field.kind, v as Obj)))
  })
}

function leaf(kind: LeafKind, v: unknown): string {
  if (typeof v === 'number') return String(v)
  const text = String(v)
  const d: Dec | null = kind === 'a2' || kind === 'a8' || kind === 'rate' || kind === 'qty' || kind === 'peso' ? parseDec(text) : null
  if (d === null) return text
  switch (kind) {
    case 'a2':
    case 'rate':
      return fitsScale(d, 2) ? fmt2(d) : text
    case 'a8':
    case 'qty':
      return fitsScale(d, 8) ? fmt8(d) : text
    case 'peso':
      return fitsScale(d, 2) ? format(d, 1, 2) : text
    default:
      return text
  }
}
