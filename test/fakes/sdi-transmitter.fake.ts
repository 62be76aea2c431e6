/**
 * A scripted SdiTransmitter for core tests: the far side is a map of invoices the test drives
 * (notifications in any order, lost send answers, refusals, outages), with the notification XML
 * written as SDI writes it (namespace prefix `ns3:`, parsed by local name). The OpenAPI.it adapter
 * against its simulator is tested by test/contract/sdi-transmitter.contract.ts.
 * @module
 */

import type { WebhookInput } from '../../ports/payment-provider.port.ts'
import type {
  RemoteInvoice,
  RemoteNotification,
  SdiNotificationType,
  SdiTransmitter,
  SendOutcome,
} from '../../ports/sdi-transmitter.port.ts'

export type SendMode = 'accept' | 'refuse' | 'lost-after-accept' | 'lost-before-accept'

type Far = { invoice: RemoteInvoice; numero: string; notes: RemoteNotification[] }

const ROOT: Record<SdiNotificationType, string> = {
  RC: 'RicevutaConsegna',
  NS: 'NotificaScarto',
  MC: 'NotificaMancataConsegna',
  NE: 'NotificaEsito',
  DT: 'NotificaDecorrenzaTermini',
  AT: 'AttestazioneTrasmissioneFattura',
}

export function notificationXml(
  type: SdiNotificationType,
  o: { sdiId: string; fileName: string; esito?: 'EC01' | 'EC02'; codes?: string[] },
) {
  const body =
    type === 'NS'
      ? `<ListaErrori>${(o.codes ?? ['00404']).map((c) => `<Errore><Codice>${c}</Codice><Descrizione>errore ${c}</Descrizione></Errore>`).join('')}</ListaErrori>`
      : type === 'NE'
        ? `<EsitoCommittente><IdentificativoSdI>${o.sdiId}</IdentificativoSdI><Esito>${o.esito ?? 'EC01'}</Esito></EsitoCommittente>`
        : ''
  return `<?xml version="1.0" encoding="UTF-8"?><ns3:${ROOT[type]} xmlns:ns3="http://www.fatturapa.gov.it/sdi/messaggi/v1.0" versione="1.0"><IdentificativoSdI>${o.sdiId}</IdentificativoSdI><NomeFile>${o.fileName}</NomeFile>${body}<MessageId>1</MessageId></ns3:${ROOT[type]}>`
}

export function scriptedTransmitter(clock: () => Date) {
  const far = new Map<string, Far>()
  let mode: SendMode = 'accept'
  let down = false
  let n = 0
  const calls = { send: 0 }
  const fileNameOf = (xml: string) => {
    const paese = /<IdPaese>([A-Z]{2})<\/IdPaese>/.exec(xml)?.[1] ?? 'IT'
    const codice = /<IdCodice>(\w+)<\/IdCodice>/.exec(xml)?.[1] ?? '0'
    const prog = /<ProgressivoInvio>(\w+)<\/ProgressivoInvio>/.exec(xml)?.[1] ?? '0'
    return `${paese}${codice}_${prog}.xml`
  }
  const transmitter: SdiTransmitter = {
    name: 'scripted',
    async send(xml): Promise<SendOutcome> {
      calls.send++
      if (mode === 'refuse') return { kind: 'refused', status: 400, code: '230', message: 'An error occurred' }
      if (mode === 'lost-before-accept') return { kind: 'unknown', reason: 'timeout' }
      const remoteId = `uuid-${++n}`
      const numero = /<Numero>([^<]+)<\/Numero>/.exec(xml)?.[1] ?? ''
      far.set(remoteId, {
        invoice: { remoteId, fileName: fileNameOf(xml), sdiId: String(1000 + n), marking: 'sent', createdAt: clock() },
        numero,
        notes: [],
      })
      if (mode === 'lost-after-accept') return { kind: 'unknown', reason: '502 Bad Gateway' }
      return { kind: 'accepted', remoteId }
    },
    async get(remoteId) {
      if (down) return { ok: false, reason: 'down' }
      return { ok: true, value: far.get(remoteId)?.invoice ?? null }
    },
    async lookup(q) {
      if (down) return { ok: false, reason: 'down' }
      return {
        ok: true,
        value: [...far.values()].filter((f) => f.invoice.fileName === q.fileName || f.numero === q.invoiceNumber).map((f) => f.invoice),
      }
    },
    async notifications(remoteId) {
      if (down) return { ok: false, reason: 'down' }
      return { ok: true, value: [...(far.get(remoteId)?.notes ?? [])] }
    },
    async verifyCallback(input: WebhookInput) {
      if (input.headers['x-callback-token'] !== 'callback-secret-0000')
        return { ok: false, error: { kind: 'invalid_signature', reason: 'callback header does not match' } }
      try {
        const b = JSON.parse(input.rawBody) as {
          data: { notification: { uuid: string; invoice_uuid: string; type: SdiNotificationType; created_at: string } }
        }
        const x = b.data.notification
        return { ok: true, value: { dedupeKey: x.uuid, remoteId: x.invoice_uuid, type: x.type, createdAt: new Date(x.created_at) } }
      } catch {
        return { ok: false, error: { kind: 'malformed', reason: 'not JSON' } }
      }
    },
  }
  return {
    transmitter,
    calls,
    setMode: (m: SendMode) => {
      mode = m
    },
    setDown: (d: boolean) => {
      down = d
    },
    /** Adds a notification at the far side; `at` orders them (default: now). */
    notify(remoteId: string, type: SdiNotificationType, o: { esito?: 'EC01' | 'EC02'; codes?: string[]; at?: Date } = {}) {
      const f = far.get(remoteId)
      if (!f) throw new Error(`no invoice ${remoteId}`)
      const note: RemoteNotification = {
        remoteId: `note-${++n}`,
        type,
        createdAt: o.at ?? clock(),
        fileName: `${(f.invoice.fileName ?? '').replace(/\.xml$/, '')}_${type}_001.xml`,
        xml: notificationXml(type, { sdiId: f.invoice.sdiId ?? '0', fileName: f.invoice.fileName ?? '', ...o }),
      }
      f.notes.push(note)
      return note
    },
    /** A callback as the intermediary would post it. */
    callback(note: RemoteNotification, invoiceId: string, secret = 'callback-secret-0000'): WebhookInput {
      return {
        rawBody: JSON.stringify({
          event: 'customer-notification',
          data: {
            notification: { uuid: note.remoteId, invoice_uuid: invoiceId, type: note.type, created_at: note.createdAt.toISOString() },
          },
        }),
        headers: { 'x-callback-token': secret, 'content-type': 'application/json' },
        receivedAt: clock(),
      }
    },
    count: () => far.size,
    remoteIds: () => [...far.keys()],
  }
}
