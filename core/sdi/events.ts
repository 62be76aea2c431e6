/**
 * The event every SDI state change emits (`sdi.transmission.updated`), written to the outbox in the
 * same transaction as the change and published like the payment events. A full snapshot: a
 * receiver that missed one event loses nothing.
 * @module
 */

import type { SdiEvent } from '../../ports/sdi-repo.port.ts'
import type { SdiState, SdiTransmission } from './model.ts'
import { SDI_EVENT_TYPE } from './wire-event.ts'

export function transmissionEvent(
  t: SdiTransmission,
  previous: SdiState | null,
  eventId: string,
  at: Date,
  notification: { readonly type: string; readonly codes: readonly string[] } | null,
): SdiEvent {
  return {
    eventId,
    type: SDI_EVENT_TYPE,
    doc: {
      event_id: eventId,
      type: SDI_EVENT_TYPE,
      event_version: '1.0',
      occurred_at: at.toISOString(),
      tenant_id: t.tenantId,
      sdi_id: t.id,
      fattura_numero: t.fatturaNumero,
      attempt: t.attempt,
      previous_sdi_id: t.previousId,
      file_name: t.fileName,
      formato: t.formato,
      stato: t.state,
      previous_stato: previous,
      esito: t.esito,
      identificativo_sdi: t.identificativoSdi,
      transmitter: t.transmitter,
      remote_id: t.remoteId,
      marking: t.marking,
      error: t.error,
      trasmessa_at: t.sentAt?.toISOString() ?? null,
      notification,
    },
  }
}
