/**
 * The FatturaPA string writer (adapters/fatturapa/generator.ts `toXml`) against the xmlbuilder2 DOM writer it replaced,
 * on generated invoices whose free text carries every character class that needs escaping (& < > " ' entity look-alikes,
 * accents, emoji, CJK): the two outputs must be identical, byte for byte.
 * @module
 */

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { create } from 'xmlbuilder2'
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'
import { hasContent, leaf, toXml } from '../../../adapters/fatturapa/generator.ts'
import { buildInvoice } from '../../../core/fatturapa/build.ts'
import type { Invoice } from '../../../core/fatturapa/model.ts'
import { DSIG_NS, isLeaf, ROOT_NS, TYPES, type TypeName } from '../../../core/fatturapa/schema.ts'
import { seedInvoiceInput } from '../../fixtures/fatturapa/inputs.ts'

type Obj = Record<string, unknown>

/** The previous writer, verbatim: xmlbuilder2's DOM, pretty-printed. */
function domXml(invoice: Invoice): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' })
  const root = doc.ele('p:FatturaElettronica', {
    'xmlns:ds': DSIG_NS,
    'xmlns:p': ROOT_NS,
    versione: invoice.versione,
    ...(invoice.sistemaEmittente ? { SistemaEmittente: invoice.sistemaEmittente.replace(/&/g, '&amp;') } : {}),
  })
  const node = (el: XMLBuilder, type: TypeName, obj: Obj): void => {
    for (const field of TYPES[type]) {
      const value = obj[field.key]
      const values = field.many ? (Array.isArray(value) ? value : []) : [value]
      for (const v of values) {
        if (v === undefined || v === null || v === '') continue
        if (isLeaf(field.kind)) el.ele(field.xml).txt(leaf(field.kind, v).replace(/&/g, '&amp;'))
        else if (hasContent(field.kind, v as Obj)) node(el.ele(field.xml), field.kind, v as Obj)
      }
    }
  }
  node(root.ele('FatturaElettronicaHeader'), 'FatturaElettronicaHeader', invoice.header as unknown as Obj)
  for (const b of invoice.bodies) node(root.ele('FatturaElettronicaBody'), 'FatturaElettronicaBody', b as unknown as Obj)
  return doc.end({ prettyPrint: true, indent: '  ' })
}

const base = (() => {
  const r = buildInvoice(seedInvoiceInput())
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.invoice
})()

const text = fc.stringMatching(/^[A-Za-z0-9 &<>"'#;àèìòù€😀漢\-/]{1,40}$/u)

describe('FatturaPA string writer', () => {
  it('writes the seed invoice exactly as the DOM writer did', () => {
    expect(toXml(base)).toBe(domXml(base))
  })

  it('is byte-identical to the DOM writer for any text, entity look-alikes and quotes included', () => {
    fc.assert(
      fc.property(text, text, fc.option(text, { nil: undefined }), (description, name, sistema) => {
        const body = base.bodies[0] as unknown as Obj
        const beni = body['datiBeniServizi'] as Obj
        const lines = (beni['dettaglioLinee'] as Obj[]).map((l) => ({ ...l, descrizione: description }))
        const invoice = {
          ...base,
          ...(sistema === undefined ? {} : { sistemaEmittente: sistema }),
          bodies: [{ ...body, datiBeniServizi: { ...beni, dettaglioLinee: lines } }, base.bodies[0]],
          header: JSON.parse(
            JSON.stringify(base.header).replaceAll('"denominazione":"', `"denominazione":${JSON.stringify(name).slice(0, -1)}`),
          ),
        } as unknown as Invoice
        expect(toXml(invoice)).toBe(domXml(invoice))
      }),
      { numRuns: 300, seed: 20261206 },
    )
  })
})
