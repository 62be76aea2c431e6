/**
 * SDI's side of a sent invoice: which notification may follow which (the sender's sequence of spec
 * fatturapa.md §5), the notification itself (facts → XML through messages.ts, and the snake_case
 * JSON OpenAPI.it shows), the marking it leaves, and the automatic RC or NS a few seconds after
 * sending. Callbacks are queued on the notification here and sent by callbacks.ts.
 * @module
 */

import { type NotificationFacts, notificationFileName, renderNotification } from './messages.ts'
import type { NotificationType, SdiState, SimInvoice, SimNotification, Stage } from './state.ts'

/** The stages each notification may follow; NE, DT and AT only for invoices to the PA. */
const AFTER: Readonly<Record<NotificationType, readonly Stage[]>> = {
  NS: ['sent'],
  MC: ['sent'],
  RC: ['sent', 'MC'],
  NE: ['RC'],
  DT: ['RC'],
  AT: ['MC'],
}
const PA_ONLY: ReadonlySet<NotificationType> = new Set(['NE', 'DT', 'AT'])

/** Why `type` cannot follow now, or null when it can. */
export function refusal(inv: SimInvoice, type: NotificationType): string | null {
  if (PA_ONLY.has(type) && !inv.facts.toPa) return `${type} exists only for invoices to the public administration (FPA12)`
  if (type === 'RC' && inv.stage === 'MC' && !inv.facts.toPa)
    return 'after MC a B2B invoice is final (available in the recipient’s reserved area)'
  if (!AFTER[type].includes(inv.stage)) return `${type} cannot follow ${inv.stage === 'sent' ? 'the sending' : inv.stage}`
  return null
}

function markingAfter(inv: SimInvoice, type: NotificationType, esito: 'EC01' | 'EC02' | undefined): string {
  switch (type) {
    case 'NS':
      return 'rejected'
    case 'RC':
      return inv.facts.toPa ? 'delivered-pa' : 'delivered'
    case 'MC':
    case 'AT':
      return 'not-delivered'
    case 'NE':
      return esito === 'EC02' ? 'rejected-pa' : 'accepted-pa'
    case 'DT':
      return 'deadline-terms'
  }
}

/** A simulated NS with no SdI errors behind it (`POST /simulate/customer-notification`). */
const SIMULATED_SCARTO = { code: '00200', message: 'File non conforme al formato (scarto simulato dalla sandbox)' }

function factsOf(state: SdiState, inv: SimInvoice, type: NotificationType, esito: 'EC01' | 'EC02' | undefined): NotificationFacts {
  const f = inv.facts
  const destinatario = {
    codice: f.codiceDestinatario ?? '0000000',
    descrizione: f.toPa ? 'Ufficio di fatturazione (sandbox)' : 'Destinatario (sandbox)',
  }
  const riferimento = f.numero && f.data ? { riferimentoFattura: { numero: f.numero, anno: Number(f.data.slice(0, 4)) } } : {}
  const base = {
    type,
    identificativoSdi: inv.sdiFileId,
    nomeFile: inv.fileName,
    dataOraRicezione: inv.createdAt,
    messageId: state.nextMessageId(),
  }
  switch (type) {
    case 'RC':
      return { ...base, dataOraConsegna: state.now(), destinatario }
    case 'NS': {
      const errors = f.sdiErrors.length > 0 ? f.sdiErrors : [SIMULATED_SCARTO]
      return { ...base, errori: errors.map((e) => ({ codice: e.code, descrizione: e.message.slice(0, 255) })) }
    }
    case 'MC':
      return { ...base, descrizione: 'Impossibile recapitare il file al destinatario (sandbox)' }
    case 'NE':
      return { ...base, esito: esito ?? 'EC01', ...riferimento }
    case 'DT':
      return { ...base, ...riferimento, descrizione: 'Decorsi i termini per la notifica di esito (sandbox)' }
    case 'AT':
      return { ...base, destinatario, hashFileOriginale: inv.sha256 }
  }
}

const ROOT_TYPE: Readonly<Record<NotificationType, string>> = {
  RC: 'RicevutaConsegnaType',
  NS: 'NotificaScartoType',
  MC: 'NotificaMancataConsegnaType',
  NE: 'NotificaEsitoType',
  DT: 'NotificaDecorrenzaTerminiType',
  AT: 'AttestazioneTrasmissioneFatturaType',
}

const iso = (d: Date | undefined) => d?.toISOString()

/** The message as OpenAPI.it's JSON shows it: the XML's elements in snake_case. */
export function messageJson(f: NotificationFacts): Record<string, unknown> {
  const errori = f.errori?.map((e) => ({
    codice: e.codice,
    descrizione: e.descrizione,
    ...(e.suggerimento ? { suggerimento: e.suggerimento } : {}),
  }))
  const json: Record<string, unknown> = {
    versione: '1.0',
    identificativo_sdi: String(f.identificativoSdi),
    nome_file: f.nomeFile,
    data_ora_ricezione: iso(f.dataOraRicezione),
    data_ora_consegna: iso(f.dataOraConsegna),
    destinatario: f.destinatario,
    // One Errore is an object, several an array (XML → JSON).
    lista_errori: errori ? { Errore: errori.length === 1 ? errori[0] : errori } : undefined,
    esito_committente: f.esito
      ? { identificativo_sdi: String(f.identificativoSdi), esito: f.esito, riferimento_fattura: f.riferimentoFattura }
      : undefined,
    riferimento_fattura: f.type === 'DT' ? f.riferimentoFattura : undefined,
    hash_file_originale: f.hashFileOriginale,
    descrizione: f.descrizione,
    message_id: f.messageId,
    note: f.note,
  }
  return Object.fromEntries(Object.entries(json).filter(([, v]) => v !== undefined))
}

/** Makes the notification (after {@link refusal} said it may follow), moves the invoice and queues its callback. */
export function notify(state: SdiState, inv: SimInvoice, type: NotificationType, esito?: 'EC01' | 'EC02'): SimNotification {
  const facts = factsOf(state, inv, type, esito)
  const createdAt = state.now()
  const callback = state.callbackFor(inv.facts.senderId)
  const n: SimNotification = {
    uuid: state.newId(),
    invoiceUuid: inv.uuid,
    createdAt,
    type,
    fileName: notificationFileName(inv.fileName, type, inv.notifications.filter((x) => x.type === type).length + 1),
    xml: renderNotification(facts),
    message: { '@type': ROOT_TYPE[type], ...messageJson(facts) },
    downloaded: false,
    downloadedAt: null,
    delivery: callback
      ? { url: callback.url, header: callback.auth_header, attempts: 0, delivered: false, nextAt: createdAt, lastError: null }
      : null,
  }
  inv.notifications.push(n)
  inv.stage = type
  inv.marking = markingAfter(inv, type, esito)
  inv.autoAt = null
  return n
}

/** The automatic notifications now due: NS when the file fails SdI's checks, else RC. */
export function materialize(state: SdiState): number {
  const now = state.now().getTime()
  let made = 0
  for (const inv of state.invoices.values()) {
    if (inv.autoAt === null || inv.autoAt.getTime() > now) continue
    inv.autoAt = null
    if (inv.stage !== 'sent') continue
    notify(state, inv, inv.facts.sdiErrors.length > 0 ? 'NS' : 'RC')
    made++
  }
  return made
}
