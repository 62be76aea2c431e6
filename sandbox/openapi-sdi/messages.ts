/**
 * PLACEHOLDER (issue 11): the SDI notification messages the simulator writes. The real, XSD-valid
 * version (MessaggiTypes v1.1, every element in schema order, ds:Signature) is written by another
 * helper and replaces this file at merge; the signature below is the agreed one. This stand-in only
 * writes the root element, the identifiers and the errors, so the simulator runs meanwhile.
 * @module
 */

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

const ROOTS: Readonly<Record<NotificationFacts['type'], string>> = {
  RC: 'RicevutaConsegna',
  NS: 'NotificaScarto',
  MC: 'NotificaMancataConsegna',
  NE: 'NotificaEsito',
  DT: 'NotificaDecorrenzaTermini',
  AT: 'AttestazioneTrasmissioneFattura',
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
const el = (name: string, text: string) => `<${name}>${esc(text)}</${name}>`

export function renderNotification(f: NotificationFacts): string {
  const root = ROOTS[f.type]
  const errori = (f.errori ?? []).map((e) => `<Errore>${el('Codice', e.codice)}${el('Descrizione', e.descrizione)}</Errore>`).join('')
  const parts = [
    el('IdentificativoSdI', String(f.identificativoSdi)),
    el('NomeFile', f.nomeFile),
    el('DataOraRicezione', f.dataOraRicezione.toISOString()),
    errori ? `<ListaErrori>${errori}</ListaErrori>` : '',
    f.esito ? `<EsitoCommittente>${el('IdentificativoSdI', String(f.identificativoSdi))}${el('Esito', f.esito)}</EsitoCommittente>` : '',
    el('MessageId', f.messageId),
  ]
  return `<?xml version="1.0" encoding="UTF-8"?>
<types:${root} xmlns:types="http://www.fatturapa.gov.it/sdi/messaggi/v1.0" versione="1.0">${parts.join('')}</types:${root}>
`
}

/** `IT01234567890_00001.xml`, `RC`, 1 → `IT01234567890_00001_RC_001.xml`. */
export function notificationFileName(invoiceFileName: string, type: NotificationFacts['type'], progressive: number): string {
  return `${invoiceFileName.replace(/\.xml(\.p7m)?$/i, '')}_${type}_${String(progressive).padStart(3, '0')}.xml`
}
