/**
 * The simulator's SDI notifications (sandbox/openapi-sdi/messages.ts) in Node: the shared suite
 * against MessaggiTypes_v1.1.xsd with the Node SDI message validator (adapters/fatturapa/xsd/node.ts),
 * the writer's refusals of facts its schema cannot carry, and the FatturaPA validator left as it was.
 */

import { describe, expect, it } from 'vitest'
import { createNodeXsdValidator, createSdiMessageValidator } from '../../../adapters/fatturapa/xsd/node.ts'
import { type NotificationFacts, renderNotification } from '../../../sandbox/openapi-sdi/messages.ts'
import { EVERY_TYPE, runSdiMessagesSuite } from '../../contract/sdi-messages.contract.ts'
import { SMALL_INVOICE } from '../../fixtures/fatturapa/xsd/invoices.ts'

runSdiMessagesSuite('Node, libxml2-wasm (adapters/fatturapa/xsd/node.ts)', createSdiMessageValidator)

const BASE = { identificativoSdi: 1, nomeFile: 'IT01234567890_00001.xml', dataOraRicezione: new Date(0), messageId: '1' } as const

describe('renderNotification refuses facts the schema cannot carry (a bug of the caller)', () => {
  it.each<[string, NotificationFacts, RegExp]>([
    [
      'RC without delivery time',
      { ...BASE, type: 'RC', destinatario: { codice: '0000000', descrizione: 'x' } },
      /RC needs dataOraConsegna/,
    ],
    ['RC without recipient', { ...BASE, type: 'RC', dataOraConsegna: new Date(0) }, /RC needs destinatario/],
    ['NS without errors', { ...BASE, type: 'NS' }, /NS needs errori/],
    ['NS with an empty error list', { ...BASE, type: 'NS', errori: [] }, /at least one error/],
    ['NS with a 4-character code', { ...BASE, type: 'NS', errori: [{ codice: '0030', descrizione: 'x' }] }, /5 characters/],
    ['NE without esito', { ...BASE, type: 'NE' }, /NE needs esito/],
    ['AT without hash', { ...BASE, type: 'AT', destinatario: { codice: 'UFY9MH', descrizione: 'x' } }, /AT needs hashFileOriginale/],
    [
      'a recipient code in lower case',
      { ...BASE, type: 'AT', destinatario: { codice: 'ufy9mh', descrizione: 'x' }, hashFileOriginale: 'h' },
      /Codice/,
    ],
    ['an IdentificativoSdI of 13 digits', { ...BASE, type: 'MC', identificativoSdi: 1_000_000_000_000 }, /12 digits/],
    ['a MessageId of 15 characters', { ...BASE, type: 'MC', messageId: '123456789012345' }, /MessageId/],
    ['a file name of 51 characters', { ...BASE, type: 'MC', nomeFile: `${'x'.repeat(47)}.xml` }, /NomeFile/],
    ['an invoice number with a tab', { ...BASE, type: 'DT', riferimentoFattura: { numero: 'a\tb', anno: 2026 } }, /NumeroFattura/],
  ])('%s', (_, f, message) => {
    expect(() => renderNotification(f)).toThrow(message)
  })

  it('writes at most 200 errors (the schema allows no more)', () => {
    const errori = Array.from({ length: 250 }, (_, i) => ({ codice: String(i).padStart(5, '0'), descrizione: `e${i}` }))
    const xml = renderNotification({ ...BASE, type: 'NS', errori })
    expect(xml.match(/<Errore>/g)).toHaveLength(200)
    expect(xml).toContain('<Codice>00199</Codice>')
    expect(xml).not.toContain('<Codice>00200</Codice>')
  })

  it('does not write an error suggestion (MessaggiTypes v1.1 has no Suggerimento)', () => {
    const xml = renderNotification({ ...BASE, type: 'NS', errori: [{ codice: '00200', descrizione: 'd', suggerimento: 'S' }] })
    expect(xml).not.toContain('Suggerimento')
  })

  it('is deterministic: the same facts give the same bytes', () => {
    for (const f of EVERY_TYPE) expect(renderNotification(f)).toBe(renderNotification({ ...f }))
  })
})

describe('the SDI message validator beside the FatturaPA one', () => {
  it('is compiled once and shared, and is not the FatturaPA validator', async () => {
    const sdi = await createSdiMessageValidator()
    expect(await createSdiMessageValidator()).toBe(sdi)
    expect(sdi).not.toBe(await createNodeXsdValidator())
  })

  it('leaves the FatturaPA validator as it was: invoices pass it, notifications do not (and the reverse)', async () => {
    const fatturapa = await createNodeXsdValidator()
    const sdi = await createSdiMessageValidator()
    const rc = renderNotification(EVERY_TYPE[0] as NotificationFacts)
    expect(await fatturapa.validate(SMALL_INVOICE)).toEqual([])
    expect((await fatturapa.validate(rc)).map((i) => i.code)).toEqual(['XSD-ROOT'])
    expect((await fatturapa.validate(rc))[0]?.message.it).toContain('FatturaElettronica')
    expect((await sdi.validate(SMALL_INVOICE)).map((i) => i.code)).toEqual(['XSD-ROOT'])
  })
})
