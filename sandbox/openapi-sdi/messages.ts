/**
 * The SDI notifications the OpenAPI.it simulator hands out (RC, NS, MC, NE, DT, AT), written as SDI
 * writes them: schema MessaggiTypes_v1.1.xsd (namespace `http://www.fatturapa.gov.it/sdi/messaggi/v1.0`,
 * prefix `types:` as in the official examples, `versione="1.0"`), the element sequences of spec
 * fatturapa.md §5, unqualified children, xs:dateTime in Rome time with milliseconds and offset
 * (`2026-03-02T10:15:30.000+01:00`, the form of real SDI receipts) and an enveloped XAdES-shaped
 * `ds:Signature` (required by the schema for every message but EC).
 *
 * The signature is a PLACEHOLDER: structurally valid XMLDSig (it validates against the W3C schema) with
 * zero digest and signature values and no certificate. Nothing signs or can verify it; a simulator
 * has no SDI key. Real SDI signs with its certificate (XAdES-BES, xmldsig-filter2 transform).
 * Runtime-neutral; no I/O; imports nothing but core/rome-time.ts.
 * @module
 */

import { romeOffsetMinutes } from '../../core/rome-time.ts'

export type NotificationFacts = {
  type: 'RC' | 'NS' | 'MC' | 'NE' | 'DT' | 'AT'
  identificativoSdi: number
  nomeFile: string
  dataOraRicezione: Date
  dataOraConsegna?: Date
  messageId: string
  destinatario?: { codice: string; descrizione: string }
  errori?: { codice: string; descrizione: string; suggerimento?: string }[]
  esito?: 'EC01' | 'EC02'
  riferimentoFattura?: { numero: string; anno: number }
  hashFileOriginale?: string
  descrizione?: string
  note?: string
}

const NS = 'http://www.fatturapa.gov.it/sdi/messaggi/v1.0'
const DS = 'http://www.w3.org/2000/09/xmldsig#'

const ROOTS: Record<NotificationFacts['type'], string> = {
  RC: 'RicevutaConsegna',
  NS: 'NotificaScarto',
  MC: 'NotificaMancataConsegna',
  NE: 'NotificaEsito',
  DT: 'NotificaDecorrenzaTermini',
  AT: 'AttestazioneTrasmissioneFattura',
}

/** MessaggiTypes: Descrizione_Type maxLength 255; ListaErrori at most 200 Errore. */
const MAX_DESCRIZIONE = 255
const MAX_ERRORI = 200

/**
 * The notification XML for `f`. Each type writes the facts its schema type has and ignores the rest:
 * RC needs `dataOraConsegna` and `destinatario`, NS at least one of `errori`, NE `esito`, AT
 * `destinatario` and `hashFileOriginale` (a missing one throws: a bug of the caller). `descrizione`
 * goes to MC/Descrizione, DT/Descrizione and NE/EsitoCommittente/Descrizione; `riferimentoFattura` to DT
 * and NE/EsitoCommittente. Descriptions longer than 255 characters are cut (with `…`), as the schema
 * caps them; only the first 200 errors are written, as the schema allows no more. MessaggiTypes v1.1
 * has no Suggerimento in Errore_Type (only the later B2B receipts in another namespace do), so an
 * error's `suggerimento` is not written: the document would not validate with it.
 * @example
 * renderNotification({ type: 'RC', identificativoSdi: 111, nomeFile: 'IT01234567890_00001.xml',
 *   dataOraRicezione: received, dataOraConsegna: delivered, messageId: '1441766471',
 *   destinatario: { codice: '0000000', descrizione: 'Trasmesso su canale registrato dal cessionario/committente' } })
 */
export function renderNotification(f: NotificationFacts): string {
  const root = ROOTS[f.type]
  if (root === undefined) throw new Error(`renderNotification: unknown type ${String(f.type)}`)
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<types:${root} xmlns:types="${NS}" xmlns:ds="${DS}" versione="1.0">`,
    ...body(f).map((l) => `    ${l}`),
    `    ${signature(f.dataOraConsegna ?? f.dataOraRicezione)}`,
    `</types:${root}>`,
  ]
  return `${lines.join('\n')}\n`
}

/**
 * `IT01234567890_00001.xml.p7m`, NS, 1 → `IT01234567890_00001_NS_001.xml`: the invoice file name without
 * its extensions, the type and a 3-digit progressive (spec fatturapa.md §4.6).
 */
export function notificationFileName(invoiceFileName: string, type: NotificationFacts['type'], progressive: number): string {
  if (!Number.isInteger(progressive) || progressive < 1 || progressive > 999)
    throw new Error(`notificationFileName: progressive must be 1..999, not ${progressive}`)
  const dot = invoiceFileName.indexOf('.')
  const base = dot < 0 ? invoiceFileName : invoiceFileName.slice(0, dot)
  if (base === '') throw new Error('notificationFileName: empty invoice file name')
  return `${base}_${type}_${String(progressive).padStart(3, '0')}.xml`
}

/** The children before ds:Signature, in the order of the schema type of `f.type`. */
function body(f: NotificationFacts): string[] {
  const id = leaf('IdentificativoSdI', identificativo(f.identificativoSdi))
  const file = leaf('NomeFile', nomeFile(f.nomeFile))
  const head = [id, file]
  const received = leaf('DataOraRicezione', sdiDateTime(f.dataOraRicezione))
  const tail = [leaf('MessageId', messageId(f.messageId)), ...optional('Note', f.note)]
  switch (f.type) {
    case 'RC':
      return [
        ...head,
        received,
        leaf('DataOraConsegna', sdiDateTime(need(f.dataOraConsegna, 'RC', 'dataOraConsegna'))),
        ...destinatario(need(f.destinatario, 'RC', 'destinatario')),
        ...tail,
      ]
    case 'NS':
      return [...head, received, ...listaErrori(need(f.errori, 'NS', 'errori')), ...tail]
    case 'MC':
      return [...head, received, ...optional('Descrizione', f.descrizione, MAX_DESCRIZIONE), ...tail]
    case 'NE':
      return [
        ...head,
        '<EsitoCommittente versione="1.0">',
        ...[
          id,
          ...riferimento(f.riferimentoFattura),
          leaf('Esito', need(f.esito, 'NE', 'esito')),
          ...optional('Descrizione', f.descrizione, MAX_DESCRIZIONE),
        ].map((l) => `    ${l}`),
        '</EsitoCommittente>',
        ...tail,
      ]
    case 'DT':
      return [id, ...riferimento(f.riferimentoFattura), file, ...optional('Descrizione', f.descrizione, MAX_DESCRIZIONE), ...tail]
    case 'AT':
      return [
        ...head,
        received,
        ...destinatario(need(f.destinatario, 'AT', 'destinatario')),
        ...tail,
        leaf('HashFileOriginale', need(f.hashFileOriginale, 'AT', 'hashFileOriginale')),
      ]
  }
}

function need<T>(value: T | undefined, type: string, field: string): T {
  if (value === undefined) throw new Error(`renderNotification: ${type} needs ${field}`)
  return value
}

const leaf = (name: string, text: string): string => `<${name}>${escapeText(text)}</${name}>`

const optional = (name: string, text: string | undefined, max?: number): string[] =>
  text === undefined ? [] : [leaf(name, max === undefined ? text : cut(text, max))]

function destinatario(d: { codice: string; descrizione: string }): string[] {
  if (!/^[A-Z0-9]{6,7}$/.test(d.codice))
    throw new Error(`renderNotification: Destinatario/Codice must match [A-Z0-9]{6,7}, not ${d.codice}`)
  return ['<Destinatario>', `    ${leaf('Codice', d.codice)}`, `    ${leaf('Descrizione', d.descrizione)}`, '</Destinatario>']
}

function listaErrori(errori: NonNullable<NotificationFacts['errori']>): string[] {
  if (errori.length === 0) throw new Error('renderNotification: NS needs at least one error')
  const out = ['<ListaErrori>']
  for (const e of errori.slice(0, MAX_ERRORI)) {
    if ([...e.codice].length !== 5) throw new Error(`renderNotification: an error code has 5 characters, not ${e.codice}`)
    out.push(
      '    <Errore>',
      `        ${leaf('Codice', e.codice)}`,
      `        ${leaf('Descrizione', cut(e.descrizione, MAX_DESCRIZIONE))}`,
      '    </Errore>',
    )
  }
  out.push('</ListaErrori>')
  return out
}

function riferimento(r: NotificationFacts['riferimentoFattura']): string[] {
  if (r === undefined) return []
  // NumeroFattura_Type: a normalizedString of 1–20 Basic Latin characters; AnnoFattura: a non-negative integer.
  if (!/^[\x20-\x7e]{1,20}$/.test(r.numero))
    throw new Error(`renderNotification: NumeroFattura must be 1–20 printable ASCII characters, not ${r.numero}`)
  if (!Number.isSafeInteger(r.anno) || r.anno < 0) throw new Error(`renderNotification: AnnoFattura must be a year, not ${r.anno}`)
  return [
    '<RiferimentoFattura>',
    `    ${leaf('NumeroFattura', r.numero)}`,
    `    ${leaf('AnnoFattura', String(r.anno))}`,
    '</RiferimentoFattura>',
  ]
}

/** IdentificativoSdI_Type: an integer of at most 12 digits. */
function identificativo(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n > 999_999_999_999)
    throw new Error(`renderNotification: IdentificativoSdI must be an integer of at most 12 digits, not ${n}`)
  return String(n)
}

/** NomeFile_Type: at most 50 characters. */
function nomeFile(s: string): string {
  if (s === '' || [...s].length > 50) throw new Error(`renderNotification: NomeFile must have 1–50 characters, not ${s}`)
  return s
}

/** MessageId_Type: 1–14 characters. */
function messageId(s: string): string {
  const n = [...s].length
  if (n < 1 || n > 14) throw new Error(`renderNotification: MessageId must have 1–14 characters, not ${s}`)
  return s
}

/** At most `max` characters (code points, as XSD counts them), the last one `…` when cut. */
function cut(s: string, max: number): string {
  const chars = [...s]
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`
}

/** Characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD. */
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** Text content: `&`, `<`, `>` escaped, a CR kept as a character reference (a parser would fold it). */
function escapeText(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'))
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/**
 * xs:dateTime as SDI writes it: Rome wall time, milliseconds, offset.
 * @example sdiDateTime(new Date('2019-02-04T16:58:56Z')) // '2019-02-04T17:58:56.000+01:00'
 */
function sdiDateTime(at: Date): string {
  const ms = at.getTime()
  if (!Number.isFinite(ms)) throw new Error('renderNotification: invalid date')
  const offset = romeOffsetMinutes(ms)
  const l = new Date(ms + offset * 60_000)
  const abs = Math.abs(offset)
  return (
    `${pad(l.getUTCFullYear(), 4)}-${pad(l.getUTCMonth() + 1)}-${pad(l.getUTCDate())}` +
    `T${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}:${pad(l.getUTCSeconds())}.${pad(l.getUTCMilliseconds(), 3)}` +
    `${offset >= 0 ? '+' : '-'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  )
}

/** 32 zero bytes in base64: the placeholder digest and signature value. */
const ZERO = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='

/**
 * A placeholder enveloped signature shaped like SDI's (XAdES-BES: a reference to the document with the
 * xmldsig-filter2 transform that subtracts the signature, one to the signed properties, and the
 * signing time in ds:Object), on one line as SDI writes it. NOT a signature: the values are zeros and
 * KeyInfo names no certificate. Valid against the W3C xmldsig schema, which is all a simulator needs.
 */
function signature(at: Date): string {
  const signingTime = new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z')
  return (
    '<ds:Signature Id="Signature1">' +
    '<ds:SignedInfo>' +
    '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>' +
    '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>' +
    '<ds:Reference Id="reference-document" URI="">' +
    '<ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2002/06/xmldsig-filter2">' +
    '<XPath xmlns="http://www.w3.org/2002/06/xmldsig-filter2" Filter="subtract">/descendant::ds:Signature</XPath>' +
    '</ds:Transform></ds:Transforms>' +
    `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>${ZERO}</ds:DigestValue>` +
    '</ds:Reference>' +
    '<ds:Reference Id="reference-signedproperties" Type="http://uri.etsi.org/01903#SignedProperties" URI="#SignedProperties_1">' +
    `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>${ZERO}</ds:DigestValue>` +
    '</ds:Reference>' +
    '</ds:SignedInfo>' +
    `<ds:SignatureValue Id="SignatureValue1">${ZERO}</ds:SignatureValue>` +
    '<ds:KeyInfo><ds:KeyName>Varco SDI simulator: placeholder signature, not signed</ds:KeyName></ds:KeyInfo>' +
    '<ds:Object><xades:QualifyingProperties xmlns:xades="http://uri.etsi.org/01903/v1.3.2#" Target="#Signature1">' +
    '<xades:SignedProperties Id="SignedProperties_1"><xades:SignedSignatureProperties>' +
    `<xades:SigningTime>${signingTime}</xades:SigningTime>` +
    '</xades:SignedSignatureProperties></xades:SignedProperties></xades:QualifyingProperties></ds:Object>' +
    '</ds:Signature>'
  )
}
