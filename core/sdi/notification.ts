/**
 * Reading an SDI notification (spec fatturapa.md §5) into {@link ParsedNotification}. Everything is
 * matched by LOCAL name: real files use the prefixes `types:`, `ns2:`, `ns3:` or none, and the B2B
 * receipts SDI delivers today come from another schema and namespace (SDIRicevute,
 * `http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fattura/messaggi/v1.0`: `RicevutaScarto`,
 * `RicevutaImpossibilitaRecapito`, an extra `Hash`, a `Suggerimento` per error), so namespaces are not
 * checked either. The type comes from the root element; ListaErrori may hold one Errore or many.
 * Lenient on what Varco only shows (a missing MessageId is null), strict on what drives the state
 * machine: an unknown root or an NE without EC01/EC02 is refused. Pure: the tree comes from an
 * {@link XmlDocumentReader} (libxml2 in the adapters), whose refusal rules (DOCTYPE, entities, XInclude,
 * instructions, depth, size) apply before anything here runs.
 * @module
 */

import type { Read, SdiNotificationType } from '../../ports/sdi-transmitter.port.ts'
import type { XmlDocumentReader } from '../../ports/xml-document-reader.port.ts'
import type { XmlElement } from '../fatturapa/xml-tree.ts'
import type { Esito, ParsedNotification } from './model.ts'

/** Root element (local name) → notification type. */
export const NOTIFICATION_ROOTS: Readonly<Record<string, SdiNotificationType>> = {
  // MessaggiTypes_v1.1.xsd, namespace http://www.fatturapa.gov.it/sdi/messaggi/v1.0
  RicevutaConsegna: 'RC',
  NotificaScarto: 'NS',
  NotificaMancataConsegna: 'MC',
  NotificaEsito: 'NE',
  NotificaDecorrenzaTermini: 'DT',
  AttestazioneTrasmissioneFattura: 'AT',
  // SDIRicevute (B2B/B2C receipts), namespace http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fattura/messaggi/v1.0;
  // its RicevutaConsegna has the same name as above.
  RicevutaScarto: 'NS',
  RicevutaImpossibilitaRecapito: 'MC',
}

/**
 * The notification in `root` (a tree from an XmlDocumentReader), or why it is not one.
 * @example
 * const r = parseNotification(tree)
 * if (r.ok && r.value.type === 'NS') r.value.errori.map((e) => e.codice)
 */
export function parseNotification(root: XmlElement): Read<ParsedNotification> {
  const type = Object.hasOwn(NOTIFICATION_ROOTS, root.name) ? NOTIFICATION_ROOTS[root.name] : undefined
  if (type === undefined) return { ok: false, reason: `not an SDI notification: root element ${root.name}` }
  const esitoCommittente = child(root, 'EsitoCommittente')
  let esito: Esito | null = null
  if (type === 'NE') {
    const value = text(esitoCommittente === undefined ? undefined : child(esitoCommittente, 'Esito'))
    if (value !== 'EC01' && value !== 'EC02')
      return { ok: false, reason: `NotificaEsito without EsitoCommittente/Esito EC01 or EC02 (found ${value ?? 'none'})` }
    esito = value
  }
  const errori = children(child(root, 'ListaErrori'), 'Errore').map((e) => ({
    codice: text(child(e, 'Codice')) ?? '',
    descrizione: text(child(e, 'Descrizione')) ?? '',
    suggerimento: text(child(e, 'Suggerimento')),
  }))
  return {
    ok: true,
    value: {
      type,
      identificativoSdi: text(child(root, 'IdentificativoSdI')),
      nomeFile: text(child(root, 'NomeFile')),
      dataOraRicezione: text(child(root, 'DataOraRicezione')),
      messageId: text(child(root, 'MessageId')),
      errori,
      esito,
      // MC and DT carry it at the top; NE inside the committente's outcome.
      descrizione:
        text(child(root, 'Descrizione')) ?? text(esitoCommittente === undefined ? undefined : child(esitoCommittente, 'Descrizione')),
      note: text(child(root, 'Note')),
    },
  }
}

/**
 * Reads and parses raw notification XML. Hostile or malformed input (DOCTYPE, XXE, entity expansion,
 * XInclude, processing instructions, excessive depth) is refused by the reader's rules, with their
 * `XML-*` code in the reason; an `<?xml-stylesheet …?>` before the root (the official examples have
 * one) is skipped.
 * @example
 * const r = parseNotificationXml(xml, nodeXmlReader)
 * // { ok: false, reason: 'XML-DOCTYPE: Line 2: DOCTYPE/ENTITY declarations are not allowed …' } for an XXE attempt
 */
export function parseNotificationXml(xml: string, reader: XmlDocumentReader): Read<ParsedNotification> {
  const read = reader.read(xml, { allowXmlStylesheet: true })
  if (!read.ok) return { ok: false, reason: `${read.issue.code}: ${read.issue.message.en}` }
  return parseNotification(read.root)
}

const child = (e: XmlElement, name: string): XmlElement | undefined => e.children.find((c) => c.name === name)

const children = (e: XmlElement | undefined, name: string): readonly XmlElement[] =>
  e === undefined ? [] : e.children.filter((c) => c.name === name)

/** The element's text, trimmed; null when absent or empty. */
function text(e: XmlElement | undefined): string | null {
  if (e === undefined) return null
  const t = e.text.trim()
  return t === '' ? null : t
}
