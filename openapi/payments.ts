/**
 * Payment events in and payments out (opencity.md §3, §5.2). `POST /payments` takes one v2.0 event
 * or an array of up to 100; only CREATION_PENDING (to create) and PAYMENT_PENDING (to import) events
 * of an active tenant and service are processed; replays are ignored.
 * @module
 */

import { createRoute, z } from '@hono/zod-openapi'
import { PAYMENT_STATUSES } from '../core/payment.ts'
import { AUTHENTICATED, authenticatedErrors, FieldErrorSchema, PROBLEMS, RomeDateTime, UuidParam } from './common.ts'
import { PARTY_FIELDS } from './payment-event.ts'

const examplePayment = {
  id: 'bb7044e4-066c-4bf7-915e-87ee97270eae',
  user_id: 'f3323b10-db62-4aeb-95de-a87c1f678dad',
  type: 'PAGOPA',
  tenant_id: '60e35f02-1509-408c-b101-3b1a28109329',
  service_id: '68dada78-2398-4a11-b80a-98aaede3371c',
  created_at: '2026-11-23T13:12:55+01:00',
  updated_at: '2026-11-23T13:12:56+01:00',
  status: 'PAYMENT_PENDING',
  reason: 'TARI 2026',
  remote_id: '218d7772-a747-4d5f-8c56-bbc7cfeab1a0',
  payment: {
    transaction_id: null,
    paid_at: null,
    expire_at: '2026-12-23T13:12:55+01:00',
    amount: 16.5,
    currency: 'EUR',
    type: 'PAGOPA',
    notice_code: '301000000000000144',
    iud: 'bb7044e4066c4bf7915e87ee97270eae',
    iuv: '01000000000000144',
    receiver: null,
    due_type: null,
    pagopa_category: '9/0101108TS/',
    document: null,
    split: [],
  },
  links: {
    online_payment_begin: {
      url: 'https://varco.example.it/online-payment/bb7044e4-066c-4bf7-915e-87ee97270eae',
      last_opened_at: null,
      method: 'GET',
    },
    online_payment_landing: { url: 'https://servizi.comune.example.it/pratiche/218d7772/detail', last_opened_at: null, method: 'GET' },
    offline_payment: { url: 'https://varco.example.it/notice/bb7044e4-066c-4bf7-915e-87ee97270eae', last_opened_at: null, method: 'GET' },
    receipt: { url: null, last_opened_at: null, method: 'GET' },
    notify: [],
    update: {
      url: 'https://varco.example.it/update/bb7044e4-066c-4bf7-915e-87ee97270eae',
      last_check_at: '2026-11-23T13:12:56+01:00',
      next_check_at: '2026-11-23T13:13:56+01:00',
      method: 'GET',
    },
    confirm: { url: null, last_check_at: null, next_check_at: null, method: 'PATCH' },
    cancel: { url: null, last_check_at: null, next_check_at: null, method: 'PATCH' },
  },
  payer: { type: 'human', tax_identification_number: 'RSSMRA85T10A562S', name: 'Mario', family_name: 'Rossi', email: 'mario@example.it' },
  debtor: null,
}

const Method = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
const Time = RomeDateTime.nullable()
const nStr = z.string().nullable().optional()
const Link = z.object({ url: z.string().nullable(), last_opened_at: Time, method: Method }).openapi('PaymentLink')
const CheckLink = z
  .object({ url: z.string().nullable(), last_check_at: Time, next_check_at: Time, method: Method })
  .openapi('PaymentCheckLink')

const PartyOut = z.object(PARTY_FIELDS).openapi('PaymentParty')

export const PaymentSchema = z
  .object({
    id: z.string().uuid(),
    user_id: z.string().uuid().nullable(),
    type: z.enum(['PAGOPA', 'STAMP']),
    tenant_id: z.string().uuid(),
    service_id: z.string().uuid(),
    created_at: RomeDateTime,
    updated_at: RomeDateTime,
    status: z.enum(PAYMENT_STATUSES),
    reason: z.string().nullable(),
    remote_id: z.string().nullable(),
    locale: z.string().optional().openapi({ description: 'Present only when the event that created the payment had one.' }),
    payment: z.object({
      transaction_id: z.string().nullable(),
      paid_at: Time,
      expire_at: Time,
      amount: z.number().nullable().openapi({ description: 'Euros.', example: 16.5 }),
      currency: z.literal('EUR'),
      type: z.enum(['PAGOPA', 'STAMP']).nullable(),
      notice_code: z.string().nullable(),
      iud: z.string(),
      iuv: z.string().nullable(),
      receiver: z
        .object({
          tax_identification_number: z.string(),
          name: z.string(),
          iban: nStr,
          address: nStr,
          building_number: nStr,
          postal_code: nStr,
          town_name: nStr,
          country_subdivision: nStr,
          country: nStr,
        })
        .nullable(),
      due_type: z.string().nullable(),
      pagopa_category: z.string().nullable(),
      document: z.object({ id: z.string().nullable(), ref: z.string().nullable(), hash: z.string() }).nullable(),
      split: z.array(z.object({ code: z.string(), amount: z.number().nullable(), meta: z.record(z.string(), z.unknown()) })),
    }),
    links: z.object({
      online_payment_begin: Link,
      online_payment_landing: Link,
      offline_payment: Link,
      receipt: Link,
      notify: z.array(z.object({ url: z.string(), method: Method, sent_at: Time })),
      update: CheckLink,
      confirm: CheckLink,
      cancel: CheckLink,
    }),
    payer: PartyOut,
    debtor: PartyOut.nullable(),
  })
  .openapi('Payment', {
    description: 'The current state of a payment, in the v2.0 event shape without the event envelope.',
    example: examplePayment,
  })

/** A payment event as Varco stores and emits it: the payment and the v2.0 envelope. */
export const PaymentEventOutSchema = PaymentSchema.extend({
  event_id: z.string().uuid(),
  event_version: z.literal('2.0'),
  event_created_at: RomeDateTime,
  app_id: z.string(),
}).openapi('PaymentEventOut', { description: 'A payment event as stored and emitted (v2.0).' })

const exampleEvent = {
  ...examplePayment,
  status: 'CREATION_PENDING',
  payment: { ...examplePayment.payment, notice_code: null, iuv: null },
  event_id: 'c80a2a33-577a-49a1-b578-0d2267ea5653',
  event_version: '2.0',
  event_created_at: '2026-11-23T13:12:55+01:00',
  app_id: 'payment-dispatcher:1.0.15',
}

const IngestIgnored = z
  .object({
    outcome: z.literal('ignored'),
    reason: z.enum(['duplicate_event', 'already_processed', 'own_event']),
    payment_id: z.string(),
    event_id: z.string().nullable(),
  })
  .openapi('IngestIgnored')

const IngestStored = z
  .object({
    outcome: z.enum(['created', 'imported']),
    payment_id: z.string(),
    event_id: z.string().nullable(),
    payment: PaymentSchema,
  })
  .openapi('IngestStored')

const IngestRejected = z
  .object({
    outcome: z.literal('rejected'),
    payment_id: z.string().nullable(),
    event_id: z.string().nullable(),
    error: z.object({
      status: z.number().int(),
      code: z.string(),
      detail: z.string(),
      errors: z.array(FieldErrorSchema).optional(),
    }),
  })
  .openapi('IngestRejected')

const IngestResult = z.union([IngestStored, IngestIgnored, IngestRejected]).openapi('IngestResult')

export type IngestIgnoredBody = z.infer<typeof IngestIgnored>
export type IngestStoredBody = z.infer<typeof IngestStored>
export type IngestResultBody = z.infer<typeof IngestResult>

export const ingestPaymentsRoute = createRoute({
  method: 'post',
  path: '/payments',
  tags: ['Payments'],
  summary: 'Ingest a payment event v2.0 (or an array of up to 100)',
  description:
    'A CREATION_PENDING event creates the payment at the service’s intermediary and answers it PAYMENT_PENDING (or CREATION_FAILED; when the intermediary cannot be reached it stays CREATION_PENDING and is retried). A PAYMENT_PENDING event of an unknown payment imports it. Replays and events of payments already processed are ignored (200). Invalid events are 400 with the failing fields; other versions than 2.0 are 400; a tenant_id other than the caller’s is 403; no active tenant/service configuration is 422. A batch answers 200 with one result per event.',
  security: AUTHENTICATED,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown())).max(100)]).openapi({
            description: 'A PaymentEvent (see the PaymentEvent schema) or an array of them.',
          }),
          example: exampleEvent,
        },
      },
    },
  },
  responses: {
    200: {
      description: 'Ignored (already processed), or the results of a batch.',
      content: {
        'application/json': {
          schema: z.union([IngestIgnored, z.object({ results: z.array(IngestResult) })]),
          example: { outcome: 'ignored', reason: 'duplicate_event', payment_id: exampleEvent.id, event_id: exampleEvent.event_id },
        },
      },
    },
    201: {
      description: 'Created (or imported); the payment as it now stands.',
      content: {
        'application/json': {
          schema: IngestStored,
          example: { outcome: 'created', payment_id: exampleEvent.id, event_id: exampleEvent.event_id, payment: examplePayment },
        },
      },
    },
    ...authenticatedErrors(404, 422),
  },
})

export const getPaymentRoute = createRoute({
  method: 'get',
  path: '/payments/{id}',
  tags: ['Payments'],
  summary: 'Read a payment',
  security: AUTHENTICATED,
  request: { params: UuidParam },
  responses: {
    200: { description: 'The payment.', content: { 'application/json': { schema: PaymentSchema } } },
    ...authenticatedErrors(404),
  },
})

export const getPaymentEventsRoute = createRoute({
  method: 'get',
  path: '/payments/{id}/events',
  tags: ['Payments'],
  summary: 'The event history of a payment, oldest first',
  security: AUTHENTICATED,
  request: { params: UuidParam },
  responses: {
    200: {
      description: 'Every event received or emitted for this payment.',
      content: { 'application/json': { schema: z.object({ items: z.array(PaymentEventOutSchema) }), example: { items: [exampleEvent] } } },
    },
    ...authenticatedErrors(404),
  },
})

export { PROBLEMS }
