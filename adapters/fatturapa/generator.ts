/**
 * The {@link InvoiceGenerator} (pure JS: runs on Node, Deno and workerd). It walks
 * the element table of core/fatturapa/schema.ts, so element names and order are the XSD's; only
 * the root element `p:FatturaElettronica` is namespaced (with the xmldsig namespace declared for
 * an optional signature); amounts get exactly two decimals, quantities and unit prices 2–8;
 * absent and empty values produce no element. Text is sanitised first (core/fatturapa/sanitize.ts).
 * @module
 */

import { type Dec, fitsScale, fmt2, fmt8, format, parseDec } from '../../core/fatturapa/decimal.ts'
import { invoiceFileName } from '../../core/fatturapa/file-name.ts'
import type { Invoice } from '../../core/fatturapa/model.ts'
import { sanitizeInvoice } from '../../core/fatturapa/sanitize.ts'
import { DSIG_NS, type Field, isLeaf, type LeafKind, ROOT_NS, TYPES, type TypeName } from '../../core/fatturapa/schema.ts'
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

/**
 * The XML text of an invoice, as is (no sanitising), written straight into a string: the schema table gives the
 * element order, so no document tree is needed. The output is byte for byte what xmlbuilder2's DOM writer gave
 * (`create().ele()…end({ prettyPrint: true, indent: '  ' })`): the golden files and a differential property test
 * (test/adapters/fatturapa/xml-writer.test.ts, against that writer) check it. Building and then serialising the
 * DOM took about 40% of an invoice's time; xmlbuilder2's callback writer (`createCB`) measured 4× slower still.
 */
export function toXml(invoice: Invoice): string {
  const attrs = [
    ['xmlns:ds', DSIG_NS],
    ['xmlns:p', ROOT_NS],
    ['versione', invoice.versione],
    ...(invoice.sistemaEmittente ? [['SistemaEmittente', invoice.sistemaEmittente]] : []),
  ]
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<p:FatturaElettronica',
    ...attrs.map(([k, v]) => ` ${k}="${escapeAttr(v as string)}"`),
    '>',
  ]
  element(out, '  ', 'FatturaElettronicaHeader', 'FatturaElettronicaHeader', invoice.header as unknown as Obj, true)
  for (const b of invoice.bodies) element(out, '  ', 'FatturaElettronicaBody', 'FatturaElettronicaBody', b as unknown as Obj, true)
  out.push('\n</p:FatturaElettronica>')
  return out.join('')
}

const escapeText = (t: string) => (/[&<>]/.test(t) ? t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : t)
const escapeAttr = (t: string) => escapeText(t).replace(/"/g, '&quot;')

/**
 * `<xml>` with its fields, one per line at `indent`. An element with no content (but the header and the bodies) is not written: its
 * opening tag is taken back when none of its fields wrote anything (what {@link hasContent} tells, without
 * walking the subtree twice).
 */
function element(out: string[], indent: string, xml: string, type: TypeName, obj: Obj, keepEmpty = false): void {
  const mark = out.length
  out.push(`\n${indent}<${xml}>`)
  const inner = `${indent}  `
  for (const field of TYPES[type]) {
    const value = obj[field.key]
    if (field.many) {
      if (!Array.isArray(value)) continue
      for (const v of value) write(out, inner, field, v)
    } else write(out, inner, field, value)
  }
  if (out.length === mark + 1 && !keepEmpty) out.length = mark
  else out.push(`\n${indent}</${xml}>`)
}

function write(out: string[], indent: string, field: Field, v: unknown): void {
  if (v === undefined || v === null || v === '') return
  if (isLeaf(field.kind)) out.push(`\n${indent}<${field.xml}>${escapeText(leaf(field.kind, v))}</${field.xml}>`)
  else element(out, indent, field.xml, field.kind, v as Obj)
}

/** False for a complex value that would render as an empty element (e.g. `<ContattiTrasmittente/>`). */
export function hasContent(type: TypeName, obj: Obj): boolean {
  return TYPES[type].some((field) => {
    const value = obj[field.key]
    const values = field.many ? (Array.isArray(value) ? value : []) : [value]
    return values.some((v) => v !== undefined && v !== null && v !== '' && (isLeaf(field.kind) || hasContent(field.kind, v as Obj)))
  })
}

/** Two decimals, no sign but a minus, no leading zero, not -0.00. */
const CANONICAL_2 = /^(?:-(?!0\.00$))?(?:0|[1-9]\d*)\.\d\d$/
/** Two to eight decimals, no trailing zero past the second, otherwise as {@link CANONICAL_2}. */
const CANONICAL_8 = /^(?:-(?!0\.00$))?(?:0|[1-9]\d*)\.\d\d(?:\d{0,5}[1-9])?$/

/** A leaf value as written: amounts with their fixed decimals, anything else as given. */
export function leaf(kind: LeafKind, v: unknown): string {
  if (typeof v === 'number') return String(v)
  const text = String(v)
  // Already canonical (what the model builder writes): parsing and formatting would give the same text.
  if ((kind === 'a2' || kind === 'rate') && CANONICAL_2.test(text)) return text
  if ((kind === 'a8' || kind === 'qty') && CANONICAL_8.test(text)) return text
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
