/**
 * The SDI event as it leaves Varco (Kafka value, queue message, webhook body): the JSON document the
 * use case builds for each transmission change, stored and delivered as given. Publishers read only
 * `event_id` (the receivers' dedupe key); `type` tells it apart from a payment event, whose `type`
 * is the payment's (`PAGOPA`, `STAMP`).
 * @module
 */

export const SDI_EVENT_TYPE = 'sdi.transmission.updated'

export type SdiWireEvent = {
  readonly event_id: string
  readonly type: typeof SDI_EVENT_TYPE
  readonly [field: string]: unknown
}
