/**
 * The SDI service (seed 000, Agile API): `POST /sdi/trasmetti` sends a FatturaPA to the Sistema di
 * Interscambio through OpenAPI.it, idempotently on `fattura_numero`; `GET /sdi/{sdi_id}`, `GET /sdi`
 * and `GET /sdi/{sdi_id}/notifiche/{n}` follow it to its final state; `POST /webhooks/openapi-sdi`
 * receives OpenAPI.it's callbacks. Success is `{success: true, ...}`, failure `{success: false,
 * error, code}` (+ `errors[]` when the invoice is the problem).
 * @module
 */

import { createRoute, z } from '@hono/zod-openapi'
import { SDI_STATES } from '../core/sdi/model.ts'
import { SDI_NOTIFICATION_TYPES } from '../ports/sdi-transmitter.port.ts'
import { AGILE_401, AGILE_402, AgileErrorSchema, AUTHENTICATED, agile403, agileError } from './common.ts'

const TAG = 'SDI (Agile)'

const Iso = z.string().openapi({ example: '2026-03-01T09:00:00.000Z', format: 'date-time' })

const BASE_ERRORS = {
  401: AGILE_401,
  402: AGILE_402,
  403: agile403('auth.insufficient_role', 'this operation needs role operator; the token has viewer'),
} as const

export const SdiIdParam = z
  .string()
  .regex(/^SDI-\d{4}-\d{6,}$/, 'must be an sdi_id such as SDI-2026-000123')
  .openapi({ param: { name: 'sdi_id', in: 'path' }, example: 'SDI-2026-000123' })

const ErrorCodeSchema = z.object({
  codice: z.string().openapi({ example: '00404' }),
  descrizione: z.string().openapi({ example: 'Fattura duplicata' }),
  suggerimento: z.string().nullable(),
})

export const NotificaSchema = z
  .object({
    n: z.number().int().positive().openapi({ description: 'Order in which Varco stored it (1, 2, …); the download path uses it.' }),
    tipo: z
      .enum(SDI_NOTIFICATION_TYPES)
      .openapi({ description: 'RC consegna, NS scarto, MC mancata consegna, NE esito PA, DT decorrenza termini, AT attestazione.' }),
    ricevuta_at: Iso,
    file_name: z.string().nullable().openapi({ example: 'IT01234567890_00001_RC_001.xml' }),
    identificativo_sdi: z.string().nullable().openapi({ example: '111' }),
    esito: z.enum(['EC01', 'EC02']).nullable().openapi({ description: 'NE only: EC01 accettata, EC02 rifiutata.' }),
    errori: z.array(ErrorCodeSchema).openapi({ description: 'NS only: every error SDI found, with its code.' }),
    descrizione: z.string().nullable(),
    url: z.string().openapi({ example: '/sdi/SDI-2026-000123/notifiche/1', description: 'The notification XML as received.' }),
  })
  .openapi('SdiNotifica')

export const TransmissionSchema = z
  .object({
    sdi_id: z.string().openapi({ example: 'SDI-2026-000123' }),
    stato: z.enum(SDI_STATES).openapi({
      description:
        '`in_invio` being sent; `unknown` the answer was lost (resolved by lookup, never re-sent); `inviata` taken by OpenAPI.it; then SDI’s: `RC` consegnata, `MC` mancata consegna, `NS` scartata, `NE` esito PA (see `esito`), `DT` decorrenza termini, `AT` attestazione; `errore` refused by OpenAPI.it (nothing reached SDI).',
    }),
    esito: z.enum(['EC01', 'EC02']).nullable(),
    finale: z.boolean().openapi({ description: 'True once nothing more can happen to this transmission.' }),
    trasmessa_at: Iso.nullable().openapi({ description: 'When OpenAPI.it accepted the file.' }),
    fattura_numero: z.string().openapi({ example: 'FT-2026-0001-01' }),
    tentativo: z.number().int().positive().openapi({ description: '1, or the attempt after an NS or errore.' }),
    precedente_sdi_id: z.string().nullable().openapi({ description: 'The transmission this one corrects or retries.' }),
    file_name: z.string().openapi({ example: 'IT01234567890_00001.xml' }),
    formato: z.enum(['FPA12', 'FPR12']),
    progressivo_invio: z.string(),
    hash_sha256: z.string(),
    identificativo_sdi: z.string().nullable().openapi({ description: 'SDI’s IdentificativoSdI, once known.' }),
    remote_id: z.string().nullable().openapi({ description: 'OpenAPI.it’s id of the invoice (its `uuid`), once known.' }),
    marking: z.string().nullable().openapi({ description: 'OpenAPI.it’s own state word (sent, delivered, rejected, …).' }),
    errore: z.string().nullable().openapi({ description: 'Why it is `errore` or `unknown`.' }),
    created_at: Iso,
    updated_at: Iso,
    notifiche: z.array(NotificaSchema),
  })
  .openapi('SdiTrasmissione')

export const TrasmettiBody = z
  .object({
    xml_base64: z
      .string()
      .min(1)
      .max(8 * 1024 * 1024)
      .openapi({ example: 'PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0i…' }),
    fattura_numero: z
      .string()
      .trim()
      .min(1)
      .max(20)
      .openapi({ example: 'FT-2026-0001-01', description: 'Must equal the invoice’s Numero.' }),
    tenant_code: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .openapi({ example: 'lg231', description: 'Optional (seed compatibility): when given, must be the tenant of the API key.' }),
  })
  .strict()
  .openapi('SdiTrasmettiInput')

const InvalidInvoice = {
  description: 'The invoice would be discarded by SDI (every error listed) or the body is invalid. Nothing was sent or stored.',
  content: {
    'application/json': {
      schema: AgileErrorSchema.extend({
        errors: z
          .array(z.object({ field: z.string(), message: z.string(), code: z.string().optional(), layer: z.string().optional() }))
          .optional(),
      }),
      example: {
        success: false,
        error: 'the invoice would be discarded by SDI (1 error); nothing was sent',
        code: 'invoice_invalid',
        errors: [
          {
            field: '/FatturaElettronica/FatturaElettronicaBody[1]/DatiGenerali/DatiGeneraliDocumento/Numero',
            message: 'Numero senza cifre',
            code: '00425',
            layer: 'sdi',
          },
        ],
      },
    },
  },
}

const exampleTransmission = {
  sdi_id: 'SDI-2026-000123',
  stato: 'inviata',
  esito: null,
  finale: false,
  trasmessa_at: '2026-03-01T09:00:00.000Z',
  fattura_numero: 'FT-2026-0001-01',
  tentativo: 1,
  precedente_sdi_id: null,
  file_name: 'IT01234567890_00001.xml',
  formato: 'FPR12',
  progressivo_invio: '00001',
  hash_sha256: 'a3f4b2c1…',
  identificativo_sdi: null,
  remote_id: '3f0a1c2e-9b7d-4c1e-8f5a-2d6b7e8f9a01',
  marking: 'sent',
  errore: null,
  created_at: '2026-03-01T09:00:00.000Z',
  updated_at: '2026-03-01T09:00:00.000Z',
  notifiche: [],
}

const transmissionOk = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: TransmissionSchema.extend({ success: z.literal(true) }),
      example: { success: true, ...exampleTransmission },
    },
  },
})

export const trasmettiRoute = createRoute({
  method: 'post',
  path: '/sdi/trasmetti',
  tags: [TAG],
  summary: 'Send a FatturaPA to SDI through OpenAPI.it (idempotent on fattura_numero)',
  description:
    'The file is validated in full first (XML, XSD, SDI checks, identifiers). A repeat of the same file under the same number returns the existing record (200), however many arrive at once: exactly one is sent. ' +
    'Another file under a number already sent is 409, unless the last attempt was rejected by SDI (NS: the corrected file needs a new ProgressivoInvio) or refused by OpenAPI.it (errore): then it is sent as the next attempt, linked to the previous. ' +
    'A lost answer leaves `stato: unknown`; the gateway resolves it by looking the file up, never by sending it again. Role operator.',
  security: AUTHENTICATED,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: TrasmettiBody,
          example: { xml_base64: 'PD94bWwg…', fattura_numero: 'FT-2026-0001-01', tenant_code: 'lg231' },
        },
      },
    },
  },
  responses: {
    201: transmissionOk('Sent now (or the attempt is recorded: see `stato`).'),
    200: transmissionOk('Already transmitted: the existing record.'),
    400: InvalidInvoice,
    ...BASE_ERRORS,
    409: agileError(
      'The number was already transmitted with different content.',
      'conflict',
      'invoice FT-2026-0001-01 was already transmitted with different content',
    ),
    413: agileError('The body is larger than 8 MB.', 'payload_too_large', 'the body is larger than 8 MB'),
    503: agileError('No SDI intermediary is configured.', 'unavailable', 'sdi transmitter is unavailable; retry later'),
  },
})

export const getTransmissionRoute = createRoute({
  method: 'get',
  path: '/sdi/{sdi_id}',
  tags: [TAG],
  summary: 'A transmission and its notification history',
  description: 'Role viewer.',
  security: AUTHENTICATED,
  request: { params: z.object({ sdi_id: SdiIdParam }) },
  responses: {
    200: transmissionOk('The transmission.'),
    400: agileError('Invalid sdi_id.', 'validation', 'sdi_id: must be an sdi_id such as SDI-2026-000123'),
    ...BASE_ERRORS,
    404: agileError('No such transmission for this tenant.', 'not_found', 'sdi transmission SDI-2026-000123 not found'),
  },
})

export const ListQuery = z.object({
  stato: z
    .enum(SDI_STATES)
    .optional()
    .openapi({ param: { name: 'stato', in: 'query' } }),
  from: z
    .string()
    .datetime({ offset: true })
    .optional()
    .openapi({ param: { name: 'from', in: 'query' }, description: 'created_at ≥ from' }),
  to: z
    .string()
    .datetime({ offset: true })
    .optional()
    .openapi({ param: { name: 'to', in: 'query' }, description: 'created_at < to' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(50)
    .openapi({ param: { name: 'limit', in: 'query' } }),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' }, description: '`next_cursor` of the previous page.' }),
})

export const listTransmissionsRoute = createRoute({
  method: 'get',
  path: '/sdi',
  tags: [TAG],
  summary: 'Transmissions of the tenant, newest first, paged',
  description:
    'Filters: `stato`, `from`, `to` (ISO date-times on created_at). Role viewer. Notification histories are not included (GET /sdi/{sdi_id}).',
  security: AUTHENTICATED,
  request: { query: ListQuery },
  responses: {
    200: {
      description: 'One page.',
      content: {
        'application/json': {
          schema: z.object({
            success: z.literal(true),
            data: z.array(TransmissionSchema.omit({ notifiche: true })),
            next_cursor: z.string().nullable(),
          }),
          example: { success: true, data: [{ ...exampleTransmission, notifiche: undefined }], next_cursor: null },
        },
      },
    },
    400: agileError('Invalid filter.', 'validation', 'from: Invalid ISO datetime'),
    ...BASE_ERRORS,
  },
})

export const getNotificationRoute = createRoute({
  method: 'get',
  path: '/sdi/{sdi_id}/notifiche/{n}',
  tags: [TAG],
  summary: 'One notification’s XML, exactly as received from SDI',
  description: 'Role viewer.',
  security: AUTHENTICATED,
  request: {
    params: z.object({
      sdi_id: SdiIdParam,
      n: z.coerce
        .number()
        .int()
        .min(1)
        .max(10_000)
        .openapi({ param: { name: 'n', in: 'path' }, example: 1 }),
    }),
  },
  responses: {
    200: {
      description: 'The notification (MessaggiTypes v1.1).',
      content: {
        'application/xml': {
          schema: z.string(),
          example:
            '<?xml version="1.0" encoding="UTF-8"?><types:RicevutaConsegna xmlns:types="http://www.fatturapa.gov.it/sdi/messaggi/v1.0" versione="1.0">…</types:RicevutaConsegna>',
        },
      },
    },
    400: agileError('Invalid path.', 'validation', 'n: must be a positive integer'),
    ...BASE_ERRORS,
    404: agileError('No such transmission or notification.', 'not_found', 'sdi notification SDI-2026-000123/3 not found'),
  },
})

export const sdiCallbackRoute = createRoute({
  method: 'post',
  path: '/webhooks/openapi-sdi',
  tags: ['Webhooks'],
  summary: 'Receive an OpenAPI.it SDI callback (customer-notification)',
  description:
    'Public, authenticated by the header configured with `npx varco sdi setup` (OPENAPI_SDI_CALLBACK_HEADER, value OPENAPI_SDI_CALLBACK_SECRET, compared in constant time). ' +
    'Deduplicated on the notification id; the invoice is then re-read at OpenAPI.it and its state moved forward only. 2xx only once the result is stored.',
  responses: {
    200: {
      description: 'Accepted (applied, a replay, or an invoice not known here).',
      content: {
        'application/json': {
          schema: z.object({
            received: z.literal(true),
            outcome: z.enum(['applied', 'duplicate', 'unknown']),
            sdi_id: z.string().nullable(),
            stato: z.enum(SDI_STATES).nullable(),
          }),
          example: { received: true, outcome: 'applied', sdi_id: 'SDI-2026-000123', stato: 'RC' },
        },
      },
    },
    400: agileError('Bad authentication header or malformed body.', 'webhook.invalid_signature', 'callback header does not match'),
    503: agileError('No SDI intermediary is configured.', 'unavailable', 'sdi transmitter is unavailable'),
  },
})
