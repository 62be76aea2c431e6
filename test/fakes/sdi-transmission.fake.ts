/**
 * Valid SDI records to start storage tests from: a transmission, the `sdi.transmission.updated`
 * event of a change, a notification and the next version of a transmission. The event document is
 * a plausible one (the use case builds the real one); storage keeps it as given.
 * @module
 */

import type { ParsedNotification, SdiNotificationRecord, SdiTransmission } from '../../core/sdi/model.ts'
import { SDI_EVENT_TYPE } from '../../core/sdi/wire-event.ts'
import type { SdiEvent } from '../../ports/sdi-repo.port.ts'
import type { SdiNotificationType } from '../../ports/sdi-transmitter.port.ts'

export const SDI_T0 = new Date('2026-11-23T10:00:00Z')

const XML =
  '<?xml version="1.0" encoding="UTF-8"?>\n<p:FatturaElettronica versione="FPR12" xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2"/>'

export function aTransmission(over: Partial<SdiTransmission> = {}): SdiTransmission {
  return {
    id: `SDI-2026-${crypto.randomUUID()}`,
    tenantId: '60e35f02-1509-408c-b101-3b1a28109329',
    fatturaNumero: `FT-1${crypto.randomUUID().slice(0, 8)}`,
    attempt: 1,
    previousId: null,
    fileName: 'IT01234567890_0000A.xml',
    formato: 'FPR12',
    progressivoInvio: '0000A',
    xmlSha256: 'a'.repeat(64),
    xml: XML,
    state: 'in_invio',
    esito: null,
    transmitter: 'openapi',
    remoteId: null,
    identificativoSdi: null,
    marking: null,
    error: null,
    createdAt: SDI_T0,
    sentAt: null,
    updatedAt: SDI_T0,
    nextCheckAt: null,
    checks: 0,
    version: 1,
    ...over,
  }
}

/** The event of a transmission as it now is. */
export function anSdiEvent(t: SdiTransmission, eventId: string = crypto.randomUUID()): SdiEvent {
  return {
    eventId,
    type: SDI_EVENT_TYPE,
    doc: {
      event_id: eventId,
      type: SDI_EVENT_TYPE,
      event_created_at: t.updatedAt.toISOString(),
      sdi_id: t.id,
      tenant_id: t.tenantId,
      fattura_numero: t.fatturaNumero,
      stato: t.state,
      esito: t.esito,
      version: t.version,
      notifiche: [{ n: 1, tipo: 'RC', note: 'nested data survives the round trip' }],
    },
  }
}

/** `t` changed (version + 1, updatedAt + 1 s unless given). */
export function nextVersion(t: SdiTransmission, over: Partial<SdiTransmission> = {}): SdiTransmission {
  return { ...t, updatedAt: new Date(t.updatedAt.getTime() + 1000), ...over, version: t.version + 1 }
}

export function aParsed(type: SdiNotificationType, over: Partial<ParsedNotification> = {}): ParsedNotification {
  return {
    type,
    identificativoSdi: '111222333',
    nomeFile: 'IT01234567890_0000A.xml',
    dataOraRicezione: '2026-11-23T10:00:05.000+01:00',
    messageId: '444555',
    errori:
      type === 'NS'
        ? [
            { codice: '00404', descrizione: 'Fattura duplicata', suggerimento: null },
            { codice: '00423', descrizione: 'PrezzoTotale non calcolato', suggerimento: 'Ricalcolare' },
          ]
        : [],
    esito: type === 'NE' ? 'EC01' : null,
    descrizione: null,
    note: null,
    ...over,
  }
}

export function aNotification(
  t: SdiTransmission,
  type: SdiNotificationType,
  over: Partial<SdiNotificationRecord> = {},
): SdiNotificationRecord {
  return {
    transmissionId: t.id,
    n: 0,
    remoteId: crypto.randomUUID(),
    type,
    receivedAt: new Date(t.updatedAt.getTime() + 5000),
    fileName: `IT01234567890_0000A_${type}_001.xml`,
    xml: `<ns3:RicevutaConsegna xmlns:ns3="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.0"><IdentificativoSdI>111222333</IdentificativoSdI><!-- ${type} --></ns3:RicevutaConsegna>`,
    parsed: aParsed(type),
    ...over,
  }
}
