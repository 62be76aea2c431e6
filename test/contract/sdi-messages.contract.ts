/**
 * The SDI notifications the simulator writes (sandbox/openapi-sdi/messages.ts) against the official
 * message schema MessaggiTypes_v1.1.xsd, with the SDI message validator of the same XSD layer as the
 * invoices (adapters/fatturapa/xsd: node.ts in Node, edge.ts in workerd), and read back by the parser
 * Varco applies to real notifications (core/sdi/notification.ts) on that runtime's libxml2 tree. Every
 * type, NS with one and three errors, NE EC01 and EC02, long, Unicode and markup text; and the cases the
 * validator must refuse (wrong order, no or broken signature, a root that is not a notification), so
 * that a writer or validator that accepts anything fails here. Runtime-neutral: strings only.
 * @module
 */

import { describe, expect, it } from 'vitest'
import type { ValidationIssue } from '../../core/fatturapa/issue.ts'
import type { XmlElement } from '../../core/fatturapa/xml-tree.ts'
import type { ParsedNotification } from '../../core/sdi/model.ts'
import { parseNotification, parseNotificationXml } from '../../core/sdi/notification.ts'
import type { XsdValidator } from '../../ports/xsd-validator.port.ts'
import { type NotificationFacts, notificationFileName, renderNotification } from '../../sandbox/openapi-sdi/messages.ts'
import { B2B, HOSTILE, OFFICIAL, SIGNED_DT_NO_PREFIX, SIGNED_NE_NS3 } from '../fixtures/sdi/notifications.ts'

const RECEIVED = new Date('2026-01-15T09:00:00.123Z') // winter: +01:00
const DELIVERED = new Date('2026-07-15T09:00:05Z') // summer: +02:00
const BASE = {
  identificativoSdi: 271054871,
  nomeFile: 'IT01234567890_00001.xml',
  dataOraRicezione: RECEIVED,
  messageId: '1441766471',
} as const
const DEST = { codice: '0000000', descrizione: 'Trasmesso su canale registrato dal cessionario/committente' }

/** One of each type, with every optional fact its schema type has. */
export const EVERY_TYPE: readonly NotificationFacts[] = [
  { ...BASE, type: 'RC', dataOraConsegna: DELIVERED, destinatario: DEST, note: 'Consegnata' },
  { ...BASE, type: 'NS', errori: [{ codice: '00305', descrizione: '1.4.1.1.2 IdCodice non valido : 00000000000' }], note: 'Scartata' },
  { ...BASE, type: 'MC', descrizione: 'Impossibile recapitare', note: 'n' },
  { ...BASE, type: 'NE', esito: 'EC01', riferimentoFattura: { numero: 'FPA 1/2026', anno: 2026 }, descrizione: 'Accettata' },
  { ...BASE, type: 'NE', esito: 'EC02', descrizione: 'Importo errato' },
  { ...BASE, type: 'DT', riferimentoFattura: { numero: '7', anno: 2026 }, descrizione: 'Decorsi i termini' },
  { ...BASE, type: 'AT', destinatario: { codice: 'UFY9MH', descrizione: 'Comune di Prova' }, hashFileOriginale: 'ab'.repeat(32) },
]

/** The same types with only what their schema type requires. */
const MINIMAL: readonly NotificationFacts[] = [
  { ...BASE, type: 'RC', dataOraConsegna: DELIVERED, destinatario: DEST },
  { ...BASE, type: 'NS', errori: [{ codice: '00001', descrizione: 'Nome file non valido' }] },
  { ...BASE, type: 'MC' },
  { ...BASE, type: 'NE', esito: 'EC02' },
  { ...BASE, type: 'DT' },
  { ...BASE, type: 'AT', destinatario: DEST, hashFileOriginale: '0' },
]

const ERRORS_3 = [
  { codice: '00305', descrizione: '1.4.1.1.2 IdCodice non valido : 00000000000', suggerimento: 'Verificare IdCodice' },
  { codice: '00423', descrizione: '2.2.1.11 <PrezzoTotale> non calcolato secondo le regole & i criteri' },
  { codice: '00200', descrizione: "File non conforme al formato : The value '165' of element 'CAP' is not valid." },
]

const LONG = `${'Città d’Aosta – «fattura» 😀 <b>&amp;</b> "q" \'a\' > end\r\n'.repeat(300)}fine`

const summary = (issues: readonly ValidationIssue[]) => issues.map((i) => [i.code, i.xpath])
const names = (e: XmlElement) => e.children.map((c) => c.name)

function parsed(v: XsdValidator, xml: string): ParsedNotification {
  const r = v.read(xml)
  if (!r.ok) throw new Error(`unreadable: ${r.issue.message.en}`)
  const p = parseNotification(r.root)
  if (!p.ok) throw new Error(p.reason)
  return p.value
}

export function runSdiMessagesSuite(name: string, make: () => Promise<XsdValidator>): void {
  describe(`SDI notifications against MessaggiTypes_v1.1.xsd: ${name}`, () => {
    describe('what the simulator writes', () => {
      it.each(EVERY_TYPE.map((f) => [`${f.type}${f.esito ?? ''}`, f] as const))(
        '%s (every optional fact) is schema-valid',
        async (_, f) => {
          const v = await make()
          expect(await v.validate(renderNotification(f))).toEqual([])
        },
      )

      it.each(MINIMAL.map((f) => [f.type, f] as const))('%s (only what is required) is schema-valid', async (_, f) => {
        const v = await make()
        expect(await v.validate(renderNotification(f))).toEqual([])
      })

      it('NS with one and with three errors, read back in order (ListaErrori one or many)', async () => {
        const v = await make()
        for (const errori of [ERRORS_3.slice(0, 1), ERRORS_3]) {
          const xml = renderNotification({ ...BASE, type: 'NS', errori })
          expect(await v.validate(xml)).toEqual([])
          expect(parsed(v, xml).errori).toEqual(errori.map((e) => ({ codice: e.codice, descrizione: e.descrizione, suggerimento: null })))
        }
      })

      it('NE wraps EsitoCommittente (versione 1.0) with EC01 and EC02, read back as the esito', async () => {
        const v = await make()
        for (const esito of ['EC01', 'EC02'] as const) {
          const xml = renderNotification({ ...BASE, type: 'NE', esito, descrizione: 'motivo' })
          const r = await v.check(xml)
          if (!r.ok) throw new Error(r.issue.message.en)
          expect(r.issues).toEqual([])
          expect(names(r.root)).toEqual(['IdentificativoSdI', 'NomeFile', 'EsitoCommittente', 'MessageId', 'Signature'])
          const ec = r.root.children[2] as XmlElement
          expect(ec.attrs).toEqual({ versione: '1.0' })
          expect(names(ec)).toEqual(['IdentificativoSdI', 'Esito', 'Descrizione'])
          expect(parsed(v, xml)).toMatchObject({ type: 'NE', esito, descrizione: 'motivo' })
        }
      })

      it('writes the element sequences of the schema, the namespace, versione and a ds:Signature last', async () => {
        const v = await make()
        const expected: Record<string, string[]> = {
          RC: ['IdentificativoSdI', 'NomeFile', 'DataOraRicezione', 'DataOraConsegna', 'Destinatario', 'MessageId', 'Note', 'Signature'],
          NS: ['IdentificativoSdI', 'NomeFile', 'DataOraRicezione', 'ListaErrori', 'MessageId', 'Note', 'Signature'],
          MC: ['IdentificativoSdI', 'NomeFile', 'DataOraRicezione', 'Descrizione', 'MessageId', 'Note', 'Signature'],
          NE: ['IdentificativoSdI', 'NomeFile', 'EsitoCommittente', 'MessageId', 'Signature'],
          DT: ['IdentificativoSdI', 'RiferimentoFattura', 'NomeFile', 'Descrizione', 'MessageId', 'Signature'],
          AT: ['IdentificativoSdI', 'NomeFile', 'DataOraRicezione', 'Destinatario', 'MessageId', 'HashFileOriginale', 'Signature'],
        }
        for (const f of EVERY_TYPE) {
          const r = v.read(renderNotification(f))
          if (!r.ok) throw new Error(r.issue.message.en)
          expect(names(r.root)).toEqual(expected[f.type])
          expect(r.root.prefix).toBe('types')
          expect(r.root.attrs).toMatchObject({ 'xmlns:types': 'http://www.fatturapa.gov.it/sdi/messaggi/v1.0', versione: '1.0' })
          expect(r.root.children.at(-1)?.prefix).toBe('ds')
        }
      })

      it('writes xs:dateTime in Rome time with milliseconds and offset (winter and summer)', async () => {
        const v = await make()
        const r = v.read(renderNotification(EVERY_TYPE[0] as NotificationFacts))
        if (!r.ok) throw new Error(r.issue.message.en)
        const text = (n: string) => r.root.children.find((c) => c.name === n)?.text
        expect(text('DataOraRicezione')).toBe('2026-01-15T10:00:00.123+01:00')
        expect(text('DataOraConsegna')).toBe('2026-07-15T11:00:05.000+02:00')
      })

      it('escapes long, Unicode and markup text, cuts descriptions at 255 characters and stays valid', async () => {
        const v = await make()
        const xml = renderNotification({
          ...BASE,
          type: 'NS',
          errori: [{ codice: '00200', descrizione: LONG }],
          note: LONG,
        })
        expect(xml).not.toContain('<b>')
        expect(await v.validate(xml)).toEqual([])
        const p = parsed(v, xml)
        expect(p.note).toBe(LONG) // the note has no length limit: exact, CR included
        const d = p.errori[0]?.descrizione ?? ''
        expect([...d]).toHaveLength(255)
        expect(d.endsWith('…')).toBe(true)
        expect(LONG.startsWith(d.slice(0, -1))).toBe(true)
        for (const type of ['MC', 'DT', 'NE'] as const) {
          const f: NotificationFacts = { ...BASE, type, esito: 'EC02', descrizione: LONG, note: LONG }
          expect(await v.validate(renderNotification(f))).toEqual([])
        }
      })

      it('replaces characters XML cannot carry (controls, lone surrogates) instead of writing a broken document', async () => {
        const v = await make()
        const xml = renderNotification({ ...BASE, type: 'MC', descrizione: 'a\u0001b\uD800c', note: 'x\u0000y' })
        expect(await v.validate(xml)).toEqual([])
        expect(parsed(v, xml)).toMatchObject({ descrizione: 'a\uFFFDb\uFFFDc', note: 'x\uFFFDy' })
      })

      it('reads back what it wrote: type, identifiers, file name, reception time, message id', async () => {
        const v = await make()
        for (const f of EVERY_TYPE) {
          const p = parsed(v, renderNotification(f))
          expect(p).toMatchObject({
            type: f.type,
            identificativoSdi: '271054871',
            nomeFile: 'IT01234567890_00001.xml',
            messageId: '1441766471',
            dataOraRicezione: f.type === 'NE' || f.type === 'DT' ? null : '2026-01-15T10:00:00.123+01:00',
            note: f.note ?? null,
            esito: f.type === 'NE' ? f.esito : null,
          })
        }
      })
    })

    describe('what the validator refuses (so the tests above can fail)', () => {
      const rc = () => renderNotification(EVERY_TYPE[0] as NotificationFacts)

      it('an element out of order', async () => {
        const v = await make()
        const xml = rc()
        const id = /<IdentificativoSdI>\d+<\/IdentificativoSdI>\n {4}/.exec(xml)?.[0] ?? ''
        const swapped = xml.replace(id, '').replace('</NomeFile>\n', `</NomeFile>\n    ${id}`)
        expect(swapped).not.toBe(xml)
        expect(summary(await v.validate(swapped))).toEqual([['XSD-UNEXPECTED-ELEMENT', '/RicevutaConsegna/NomeFile']])
      })

      it('a notification without ds:Signature (the official examples are published without it)', async () => {
        const v = await make()
        for (const xml of Object.values(OFFICIAL)) {
          const issues = await v.validate(xml)
          expect(issues.map((i) => i.code)).toEqual(['XSD-MISSING-CHILD'])
          expect(issues[0]?.message.en).toContain('Signature')
        }
      })

      it('a signature the W3C xmldsig schema refuses (the signature is checked, not skipped)', async () => {
        const v = await make()
        const broken = rc().replace(/<ds:SignatureValue[^>]*>[^<]*<\/ds:SignatureValue>/, '')
        expect(summary(await v.validate(broken))).toEqual([['XSD-UNEXPECTED-ELEMENT', '/RicevutaConsegna/ds:Signature/ds:KeyInfo']])
      })

      it('a description over 255 characters written by hand (why the writer cuts them)', async () => {
        const v = await make()
        const xml = renderNotification({ ...BASE, type: 'MC', descrizione: 'x' }).replace(
          '<Descrizione>x<',
          `<Descrizione>${'x'.repeat(256)}<`,
        )
        expect(summary(await v.validate(xml))).toEqual([['XSD-MAX-LENGTH', '/NotificaMancataConsegna/Descrizione']])
      })

      it('an error code of 4 characters, at an XPath indexed like the invoices (Errore repeats: [1] even alone)', async () => {
        const v = await make()
        const xml = renderNotification({ ...BASE, type: 'NS', errori: ERRORS_3.slice(0, 1) }).replace('<Codice>00305<', '<Codice>0305<')
        expect(summary(await v.validate(xml))).toEqual([['XSD-LENGTH', '/NotificaScarto/ListaErrori/Errore[1]/Codice']])
      })

      it('a root that is declared by the schema but is no notification to the sender', async () => {
        const v = await make()
        const mt =
          '<types:MetadatiInvioFile xmlns:types="http://www.fatturapa.gov.it/sdi/messaggi/v1.0" versione="1.0"><IdentificativoSdI>1</IdentificativoSdI>' +
          '<NomeFile>IT01234567890_00001.xml</NomeFile><CodiceDestinatario>AAAAAA</CodiceDestinatario><Formato>FPA12</Formato>' +
          '<TentativiInvio>1</TentativiInvio><MessageId>1</MessageId></types:MetadatiInvioFile>'
        const issues = await v.validate(mt)
        expect(summary(issues)).toEqual([['XSD-ROOT', '/MetadatiInvioFile']])
        expect(issues[0]?.message.it).toContain('non è una notifica SDI al trasmittente')
      })

      it('a root of another namespace (the B2B receipts), with an Italian message about SDI notifications', async () => {
        const v = await make()
        const issues = await v.validate(B2B.NS)
        expect(summary(issues)).toEqual([['XSD-ROOT', '/RicevutaScarto']])
        expect(issues[0]?.message.it).not.toContain('FatturaElettronica')
        expect(issues[0]?.message.en).toContain('No matching global declaration')
      })
    })

    describe("hostile XML, on this runtime's reader", () => {
      it("is refused by the validator and by the parser with the reader's codes, nothing expanded", async () => {
        const v = await make()
        const codes: Record<keyof typeof HOSTILE, string> = {
          xxe: 'XML-DOCTYPE',
          laughs: 'XML-DOCTYPE',
          undeclared: 'XML-ENTITY',
          xinclude: 'XML-XINCLUDE',
          instruction: 'XML-PI',
        }
        for (const [k, code] of Object.entries(codes)) {
          const xml = HOSTILE[k as keyof typeof HOSTILE]
          expect((await v.validate(xml)).map((i) => [i.layer, i.code])).toEqual([['xml', code]])
          const r = parseNotificationXml(xml, v)
          expect(r.ok ? 'parsed' : r.reason.slice(0, code.length)).toBe(code)
        }
      })
    })

    describe('real signed shapes', () => {
      it('accepts XAdES-signed notifications as SDI writes them (ns3: prefix; default namespace)', async () => {
        const v = await make()
        expect(await v.validate(SIGNED_NE_NS3)).toEqual([])
        expect(await v.validate(SIGNED_DT_NO_PREFIX)).toEqual([])
      })
    })

    describe('the file name', () => {
      it('is the invoice name without extensions, the type and a 3-digit progressive', () => {
        expect(notificationFileName('IT01234567890_00001.xml', 'RC', 1)).toBe('IT01234567890_00001_RC_001.xml')
        expect(notificationFileName('IT01234567890_11111.xml.p7m', 'NS', 12)).toBe('IT01234567890_11111_NS_012.xml')
        expect(notificationFileName('ITRSSMRA80A01H501U_a1B2c', 'NE', 999)).toBe('ITRSSMRA80A01H501U_a1B2c_NE_999.xml')
        expect(() => notificationFileName('IT01234567890_00001.xml', 'DT', 0)).toThrow(/1\.\.999/)
        expect(() => notificationFileName('IT01234567890_00001.xml', 'DT', 1000)).toThrow(/1\.\.999/)
      })
    })
  })
}
