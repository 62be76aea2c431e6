/**
 * Round trip XML → model → XML for the official samples (test/fixtures/fatturapa/examples) and the
 * peer corpus's valid files, compared as canonicalised element trees: same elements, same text;
 * decimals compared by value (1.50 = 1.5000), empty elements dropped (the generator never writes
 * them). XSD-valid inputs must keep the exact element order; FPR02 (out of order in the original)
 * must come out schema-valid.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderInvoice } from '../../../adapters/fatturapa/generator.ts'
import { readInvoice } from '../../../adapters/fatturapa/reader.ts'
import { createNodeXsdValidator, nodeXmlReader } from '../../../adapters/fatturapa/xsd/node.ts'
import type { Invoice } from '../../../core/fatturapa/model.ts'
import type { XmlElement } from '../../../core/fatturapa/xml-tree.ts'
import type { XsdValidator } from '../../../ports/xsd-validator.port.ts'

const FIXTURES = join(import.meta.dirname, '../../fixtures/fatturapa')
const samples = readdirSync(join(FIXTURES, 'examples'))
  .filter((f) => f.endsWith('.xml'))
  .map((f) => join(FIXTURES, 'examples', f))
const peers = (() => {
  try {
    return readdirSync(join(FIXTURES, 'peers/valid'))
      .filter((f) => f.endsWith('.xml'))
      .map((f) => join(FIXTURES, 'peers/valid', f))
  } catch {
    return []
  }
})()

const INTEGER_ELEMENTS = new Set(['NumeroLinea', 'RiferimentoNumeroLinea', 'NumeroColli', 'RiferimentoFase', 'GiorniTerminiPagamento'])

type Canon = { name: string; text: string; children: Canon[] }

function canon(el: XmlElement, sortChildren: boolean): Canon | null {
  const children = el.children
    .filter((c) => c.name !== 'Signature')
    .map((c) => canon(c, sortChildren))
    .filter((c): c is Canon => c !== null)
  if (sortChildren) children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  let text = children.length > 0 ? '' : el.text.trim()
  // decimals and xs:integer elements compare by value ('00.00' = '0.0', '0010' = '10'); digit codes (CAP, IdCodice) stay as text
  if (/^-?\d+\.\d+$/.test(text))
    text = text
      .replace(/0+$/, '')
      .replace(/\.$/, '')
      .replace(/^(-?)0+(?=\d)/, '$1')
  if (INTEGER_ELEMENTS.has(el.name) && /^\d+$/.test(text)) text = String(Number(text))
  if (children.length === 0 && text === '') return null
  return { name: el.name, text, children }
}

function tree(xml: string, sortChildren: boolean): Canon | null {
  const r = nodeXmlReader.read(xml)
  if (!r.ok) throw new Error(JSON.stringify(r.issue))
  return canon(r.root, sortChildren)
}

function roundTrip(xml: string): { invoice: Invoice; out: string } {
  const r = readInvoice(xml, nodeXmlReader)
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  const progressivo = r.invoice.header.datiTrasmissione.progressivoInvio ?? ''
  // the file name needs [a-zA-Z0-9]{1,5}; the model keeps the original ProgressivoInvio in any case
  const fileProgressivo = /^[a-zA-Z0-9]{1,5}$/.test(progressivo) ? progressivo : '00001'
  const out = renderInvoice(r.invoice, { progressivoInvio: fileProgressivo }).xml
  return {
    invoice: r.invoice,
    out: fileProgressivo === progressivo ? out : out.replace(`<ProgressivoInvio>${fileProgressivo}<`, `<ProgressivoInvio>${progressivo}<`),
  }
}

let xsd: XsdValidator
beforeAll(async () => {
  xsd = await createNodeXsdValidator()
})

describe('readInvoice + render: round trip of the official samples', () => {
  it('finds the samples', () => {
    expect(samples.length).toBeGreaterThanOrEqual(8)
  })

  for (const file of samples) {
    const name = file.split('/').pop() as string
    it(`${name}: same canonical tree, same order when the original is schema-valid, idempotent`, async () => {
      const xml = readFileSync(file, 'utf8')
      const { out } = roundTrip(xml)
      expect(tree(out, true)).toEqual(tree(xml, true))
      const originalValid = (await xsd.validate(xml)).length === 0
      if (originalValid) {
        expect(tree(out, false)).toEqual(tree(xml, false))
        expect(await xsd.validate(out)).toEqual([])
      }
      // a second pass changes nothing
      expect(roundTrip(out).out).toBe(out)
    })
  }

  it('FPR02 (ContattiTrasmittente after PECDestinatario in the original) comes out in schema order and valid', async () => {
    const xml = readFileSync(join(FIXTURES, 'examples/IT01234567890_FPR02.xml'), 'utf8')
    expect((await xsd.validate(xml)).length).toBeGreaterThan(0)
    expect(await xsd.validate(roundTrip(xml).out)).toEqual([])
  })

  it('reads the model: multiple bodies, decimals as written, DatiTrasporto', () => {
    const r = readInvoice(readFileSync(join(FIXTURES, 'examples/IT01234567890_FPR03.xml'), 'utf8'), nodeXmlReader)
    if (!r.ok) throw new Error('refused')
    expect(r.invoice.versione).toBe('FPR12')
    expect(r.invoice.bodies).toHaveLength(2)
    expect(r.invoice.bodies[0]?.datiBeniServizi.datiRiepilogo[0]).toEqual({
      aliquotaIva: '22.00',
      imponibileImporto: '27.00',
      imposta: '5.95',
      esigibilitaIva: 'I',
    })
    expect(r.invoice.bodies[0]?.datiGenerali.datiTrasporto?.datiAnagraficiVettore?.anagrafica.denominazione).toBe('Trasporto spa')
    expect(r.invoice.bodies[0]?.datiGenerali.datiOrdineAcquisto?.[0]).toEqual({
      riferimentoNumeroLinea: [1],
      idDocumento: '66685',
      numItem: '1',
    })
    expect(r.invoice.bodies[0]?.datiGenerali.datiGeneraliDocumento.causale).toHaveLength(2)
  })
})

describe.skipIf(peers.length === 0)('readInvoice + render: round trip of the peer corpus (valid/)', () => {
  it('every valid peer file survives the round trip (canonical tree) and stays schema-valid', async () => {
    const failures: string[] = []
    for (const file of peers) {
      const xml = readFileSync(file, 'utf8')
      const name = file.split('/').pop()
      try {
        const { out } = roundTrip(xml)
        const valid = (await xsd.validate(xml)).length === 0
        if (JSON.stringify(tree(out, !valid)) !== JSON.stringify(tree(xml, !valid))) failures.push(`${name}: tree differs`)
        else if (valid && (await xsd.validate(out)).length > 0) failures.push(`${name}: output not schema-valid`)
      } catch (e) {
        failures.push(`${name}: ${String(e).slice(0, 200)}`)
      }
    }
    expect(failures).toEqual([])
  })
})

describe('readInvoice: refusals', () => {
  it('refuses a DOCTYPE / entity declaration without expanding it', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><p:FatturaElettronica versione="FPR12" xmlns:p="x"><FatturaElettronicaHeader/></p:FatturaElettronica>`
    const r = readInvoice(xml, nodeXmlReader)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.issues[0]?.layer).toBe('xml')
  })

  it('refuses malformed XML, a foreign root, a missing versione and a missing body', () => {
    expect(readInvoice('<a><b></a>', nodeXmlReader).ok).toBe(false)
    const notInvoice = readInvoice('<Invoice/>', nodeXmlReader)
    expect(!notInvoice.ok && notInvoice.issues[0]?.code).toBe('READ-ROOT')
    const noVersion = readInvoice(
      '<p:FatturaElettronica xmlns:p="x"><FatturaElettronicaHeader/><FatturaElettronicaBody/></p:FatturaElettronica>',
      nodeXmlReader,
    )
    expect(!noVersion.ok && noVersion.issues[0]?.code).toBe('READ-VERSIONE')
    const noBody = readInvoice(
      '<p:FatturaElettronica versione="FPR12" xmlns:p="x"><FatturaElettronicaHeader/></p:FatturaElettronica>',
      nodeXmlReader,
    )
    expect(!noBody.ok && noBody.issues[0]?.code).toBe('READ-STRUCTURE')
  })

  it('warns about elements the schema does not know, with their path', () => {
    const xml = readFileSync(join(FIXTURES, 'examples/IT01234567890_FPR01.xml'), 'utf8').replace(
      '<Divisa>EUR</Divisa>',
      '<Divisa>EUR</Divisa><Extra>1</Extra>',
    )
    const r = readInvoice(xml, nodeXmlReader)
    expect(r.ok && r.warnings).toEqual([
      expect.objectContaining({ code: 'READ-UNKNOWN-ELEMENT', xpath: expect.stringContaining('DatiGeneraliDocumento/Extra') }),
    ])
  })
})
