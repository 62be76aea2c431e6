/**
 * core/sdi/notification.ts: SDI notifications read by local name, on the tree of the real libxml2
 * reader (adapters/fatturapa/xsd/node.ts): the simulator's output for every type, the shapes of the
 * official examples, signed MessaggiTypes files with `ns3:` or no prefix, the B2B receipts of the other
 * namespace, hand-written prefix variants, refusals of what is no notification, and hostile XML refused
 * by the reader's rules before anything is parsed.
 */

import { describe, expect, it } from 'vitest'
import { nodeXmlReader } from '../../adapters/fatturapa/xsd/node.ts'
import { XmlTreeElement } from '../../core/fatturapa/xml-tree.ts'
import type { ParsedNotification } from '../../core/sdi/model.ts'
import { parseNotification, parseNotificationXml } from '../../core/sdi/notification.ts'
import { renderNotification } from '../../sandbox/openapi-sdi/messages.ts'
import { EVERY_TYPE } from '../contract/sdi-messages.contract.ts'
import { B2B, HOSTILE, OFFICIAL, SIGNED_DT_NO_PREFIX, SIGNED_NE_NS3 } from '../fixtures/sdi/notifications.ts'

function parse(xml: string): ParsedNotification {
  const r = parseNotificationXml(xml, nodeXmlReader)
  if (!r.ok) throw new Error(r.reason)
  return r.value
}

const TYPES = 'http://www.fatturapa.gov.it/sdi/messaggi/v1.0'
const NS_BODY = (errori: string) =>
  `<IdentificativoSdI>12</IdentificativoSdI><NomeFile>IT01234567890_00001.xml</NomeFile><DataOraRicezione>2026-01-01T10:00:00.000+01:00</DataOraRicezione><ListaErrori>${errori}</ListaErrori><MessageId>7</MessageId>`
const ERRORE = (c: string) => `<Errore><Codice>${c}</Codice><Descrizione>d${c}</Descrizione></Errore>`

describe('parseNotification', () => {
  it('reads the simulator output of every type', () => {
    const seen = EVERY_TYPE.map((f) => parse(renderNotification(f)))
    expect(seen.map((p) => `${p.type}${p.esito ?? ''}`)).toEqual(['RC', 'NS', 'MC', 'NEEC01', 'NEEC02', 'DT', 'AT'])
    expect(seen[1]?.errori).toEqual([{ codice: '00305', descrizione: '1.4.1.1.2 IdCodice non valido : 00000000000', suggerimento: null }])
    expect(seen[2]?.descrizione).toBe('Impossibile recapitare')
    expect(seen[3]?.descrizione).toBe('Accettata')
    expect(seen[5]?.descrizione).toBe('Decorsi i termini')
  })

  it('reads the shapes of the official examples (types: prefix, xml-stylesheet, no signature)', () => {
    expect(parse(OFFICIAL.RC)).toEqual({
      type: 'RC',
      identificativoSdi: '4242',
      nomeFile: 'IT01234567890_0000A.xml.p7m',
      dataOraRicezione: '2014-06-06T12:00:00Z',
      messageId: '654321',
      errori: [],
      esito: null,
      descrizione: null,
      note: 'Consegnata',
    })
    expect(parse(OFFICIAL.NS)).toMatchObject({
      type: 'NS',
      identificativoSdi: '4243',
      errori: [{ codice: '00102', descrizione: 'File non integro (firma non valida)', suggerimento: null }],
      note: 'Scartata',
    })
    expect(parse(OFFICIAL.MC)).toMatchObject({ type: 'MC', dataOraRicezione: '2014-06-06T12:00:00', descrizione: 'Recapito non riuscito' })
    expect(parse(OFFICIAL.NE)).toMatchObject({
      type: 'NE',
      identificativoSdi: '4245',
      esito: 'EC02',
      descrizione: 'Importo errato',
      messageId: '654324',
      dataOraRicezione: null,
    })
    expect(parse(OFFICIAL.DT)).toMatchObject({
      type: 'DT',
      identificativoSdi: '4246',
      descrizione: 'Termini decorsi',
      dataOraRicezione: null,
    })
    expect(parse(OFFICIAL.AT)).toMatchObject({ type: 'AT', identificativoSdi: '4247', note: 'Impossibilità di recapito' })
  })

  it('reads signed MessaggiTypes files with an ns3: prefix or a default namespace', () => {
    expect(parse(SIGNED_NE_NS3)).toMatchObject({ type: 'NE', esito: 'EC01', identificativoSdi: '9876543210', messageId: '11716081191' })
    expect(parse(SIGNED_DT_NO_PREFIX)).toMatchObject({
      type: 'DT',
      nomeFile: 'IT01234567890_00A1C.xml',
      descrizione: 'Decorsi i termini di 15 giorni',
    })
  })

  it('reads the B2B receipts of the other namespace (RicevutaScarto, RicevutaImpossibilitaRecapito) with Suggerimento', () => {
    const ns = parse(B2B.NS)
    expect(ns).toMatchObject({
      type: 'NS',
      identificativoSdi: '271054999',
      dataOraRicezione: '2019-02-04T17:58:56.000+01:00',
      messageId: '1441766999',
    })
    expect(ns.errori).toEqual([
      {
        codice: '00305',
        descrizione: '1.4.1.1.2 IdCodice non valido : 00000000001',
        suggerimento: 'Verificare che il campo IdFiscaleIVA/IdCodice del "CessionarioCommittente" sia valido',
      },
      {
        codice: '00200',
        descrizione: "File non conforme al formato : The value '165' of element 'CAP' is not valid.\nriga: 47 - colonna: 23",
        suggerimento: 'Verificare che i campi rispettino il tracciato',
      },
    ])
    expect(parse(B2B.RC)).toMatchObject({ type: 'RC', identificativoSdi: '4591170999', descrizione: null })
    expect(parse(B2B.MC)).toMatchObject({ type: 'MC', nomeFile: 'IT01234567890_sKxm7.xml' })
  })

  it.each([
    ['types:', `<types:NotificaScarto xmlns:types="${TYPES}" versione="1.0">${NS_BODY(ERRORE('00001'))}</types:NotificaScarto>`],
    ['ns2:', `<ns2:NotificaScarto xmlns:ns2="${TYPES}" versione="1.0">${NS_BODY(ERRORE('00001'))}</ns2:NotificaScarto>`],
    [
      'a default namespace on every element',
      `<NotificaScarto xmlns="${TYPES}" versione="1.0">${NS_BODY(ERRORE('00001'))}</NotificaScarto>`,
    ],
    ['no namespace', `<NotificaScarto versione="1.0">${NS_BODY(ERRORE('00001'))}</NotificaScarto>`],
    [
      'another namespace, prefixed children',
      `<a:NotificaScarto xmlns:a="urn:x">${NS_BODY(ERRORE('00001')).replace(/<(\/?)(\w)/g, '<$1a:$2')}</a:NotificaScarto>`,
    ],
  ])('reads the same NS with %s', (_, xml) => {
    expect(parse(xml)).toEqual({
      type: 'NS',
      identificativoSdi: '12',
      nomeFile: 'IT01234567890_00001.xml',
      dataOraRicezione: '2026-01-01T10:00:00.000+01:00',
      messageId: '7',
      errori: [{ codice: '00001', descrizione: 'd00001', suggerimento: null }],
      esito: null,
      descrizione: null,
      note: null,
    })
  })

  it('reads one Errore or many, in order', () => {
    const one = parse(`<NotificaScarto>${NS_BODY(ERRORE('00404'))}</NotificaScarto>`)
    const many = parse(`<NotificaScarto>${NS_BODY(['00404', '00423', '00400'].map(ERRORE).join(''))}</NotificaScarto>`)
    expect(one.errori.map((e) => e.codice)).toEqual(['00404'])
    expect(many.errori.map((e) => e.codice)).toEqual(['00404', '00423', '00400'])
  })

  it('refuses what is no notification, and an NE whose Esito is missing or not EC01/EC02', () => {
    const reason = (xml: string) => {
      const r = parseNotificationXml(xml, nodeXmlReader)
      return r.ok ? 'parsed' : r.reason
    }
    expect(reason('<FatturaElettronica versione="FPR12"/>')).toBe('not an SDI notification: root element FatturaElettronica')
    expect(reason(`<types:MetadatiInvioFile xmlns:types="${TYPES}"/>`)).toMatch(/root element MetadatiInvioFile/)
    expect(reason('<NotificaEsito><IdentificativoSdI>1</IdentificativoSdI></NotificaEsito>')).toMatch(/found none/)
    expect(reason('<NotificaEsito><EsitoCommittente><Esito>EC03</Esito></EsitoCommittente></NotificaEsito>')).toMatch(/found EC03/)
    expect(reason('<NotificaEsito><Esito>EC01</Esito></NotificaEsito>')).toMatch(/EsitoCommittente\/Esito/)
  })

  it('works on any tree, whoever built it (no reader needed)', () => {
    const root = new XmlTreeElement('RicevutaConsegna', 'ns3', 1, null)
    root.addChild(new XmlTreeElement('IdentificativoSdI', null, 1, root)).addText(' 99 ')
    const r = parseNotification(root)
    expect(r).toEqual({ ok: true, value: expect.objectContaining({ type: 'RC', identificativoSdi: '99', nomeFile: null, errori: [] }) })
  })
})

describe('parseNotificationXml on hostile XML (the reader refuses it; nothing is expanded or read)', () => {
  it.each([
    ['an external entity (XXE)', HOSTILE.xxe, 'XML-DOCTYPE'],
    ['entity expansion (billion laughs)', HOSTILE.laughs, 'XML-DOCTYPE'],
    ['an undeclared entity reference', HOSTILE.undeclared, 'XML-ENTITY'],
    ['XInclude', HOSTILE.xinclude, 'XML-XINCLUDE'],
    ['a processing instruction other than xml-stylesheet', HOSTILE.instruction, 'XML-PI'],
    ['malformed XML', '<NotificaScarto><IdentificativoSdI>1</NotificaScarto>', 'XML-MALFORMED'],
  ])('%s', (_, xml, code) => {
    const r = parseNotificationXml(xml, nodeXmlReader)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.reason.startsWith(code)).toBe(true)
    expect(r.reason).not.toContain('root:')
  })
})
