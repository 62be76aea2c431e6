/**
 * Printable documents of a payment (opencity.md §2.3): the pagoPA notice (`/notice/{id}`, alias
 * `/offline-payment/{id}`) and the receipt (`/receipt/{id}`). Public, by signed capability link.
 * @module
 */

import { createRoute, z } from '@hono/zod-openapi'
import { LINK_401, LINK_DESCRIPTION, LinkQuery } from './capability-link.ts'
import { PROBLEMS, problemResponse, UuidParam } from './common.ts'

export const PDF_CONTENT_TYPE = 'application/pdf'

const pdf = (description: string, filename: string) => ({
  description,
  headers: z.object({
    'content-disposition': z.string().openapi({ example: `inline; filename="${filename}"` }),
    'cache-control': z.string().openapi({ example: 'no-store' }),
  }),
  content: { [PDF_CONTENT_TYPE]: { schema: z.string().openapi({ format: 'binary' }), example: '(binary)' } },
})

const notFound = (path: string) =>
  problemResponse('No payment with this id.', {
    status: 404,
    code: 'not_found',
    detail: 'payment bb7044e4-066c-4bf7-915e-87ee97270eae not found',
    instance: `/${path}/bb7044e4-066c-4bf7-915e-87ee97270eae`,
  })

const noticeResponses = (path: string) => ({
  200: pdf(
    'The avviso di pagamento (A4 PDF): amount, due date, notice code, the ente’s tax id, the pagoPA QR code and, when the ente has a Poste account, the Poste data matrix.',
    'avviso-301000000000000144.pdf',
  ),
  400: PROBLEMS[400],
  401: LINK_401,
  404: notFound(path),
  409: problemResponse('The payment has no notice (yet): still being created, creation failed, or not a pagoPA payment.', {
    status: 409,
    code: 'conflict',
    detail: 'the payment is still being created; try again in a minute',
    instance: `/${path}/bb7044e4-066c-4bf7-915e-87ee97270eae`,
  }),
})

const noticeDescription =
  'Public (the citizen’s browser opens it from `links.offline_payment.url`). Available once the payment has a pagoPA notice code: ' +
  'PAYMENT_PENDING, PAYMENT_STARTED, and also COMPLETE, EXPIRED or CANCELED for the record.' +
  LINK_DESCRIPTION +
  ' A signed `/notice/{id}` link also opens `/offline-payment/{id}`.'

export const noticeRoute = createRoute({
  method: 'get',
  path: '/notice/{id}',
  tags: ['Citizen'],
  summary: 'Download the payment notice (avviso di pagamento pagoPA) as a PDF',
  description: noticeDescription,
  request: { params: UuidParam, query: LinkQuery },
  responses: noticeResponses('notice'),
})

export const offlinePaymentRoute = createRoute({
  method: 'get',
  path: '/offline-payment/{id}',
  tags: ['Citizen'],
  summary: 'Download the payment notice (alias of /notice/{id})',
  description: `${noticeDescription} Same document as \`/notice/{id}\`; this is the path Opencity's test list names.`,
  request: { params: UuidParam, query: LinkQuery },
  responses: noticeResponses('offline-payment'),
})

export const receiptRoute = createRoute({
  method: 'get',
  path: '/receipt/{id}',
  tags: ['Citizen'],
  summary: 'Download the receipt (ricevuta di pagamento) of a paid payment as a PDF',
  description: `Public (\`links.receipt.url\`, set once the payment is COMPLETE). Before that the answer is 409.${LINK_DESCRIPTION}`,
  request: { params: UuidParam, query: LinkQuery },
  responses: {
    200: pdf(
      'The receipt (A4 PDF): amount paid, date and time, ente, payer, notice code, IUV and receipt id.',
      'ricevuta-301000000000000144.pdf',
    ),
    400: PROBLEMS[400],
    401: LINK_401,
    404: notFound('receipt'),
    409: problemResponse('Not paid (yet): there is no receipt before the payment is COMPLETE.', {
      status: 409,
      code: 'conflict',
      detail: 'the payment is PAYMENT_PENDING; a receipt exists once it is COMPLETE',
      instance: '/receipt/bb7044e4-066c-4bf7-915e-87ee97270eae',
    }),
  },
})
