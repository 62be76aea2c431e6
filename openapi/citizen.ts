/** Citizen-facing redirects and the platform's update call (opencity.md §2.3). @module */

import { createRoute, z } from '@hono/zod-openapi'
import { LINK_401, LINK_DESCRIPTION, LinkQuery } from './capability-link.ts'
import { AUTHENTICATED, authenticatedErrors, PROBLEMS, problemResponse, UuidParam } from './common.ts'
import { PaymentSchema } from './payments.ts'

const redirect = (description: string, example: string) => ({
  description,
  headers: z.object({ location: z.string().openapi({ example }) }),
})

export const onlinePaymentRoute = createRoute({
  method: 'get',
  path: '/online-payment/{id}',
  tags: ['Citizen'],
  summary: 'Start paying online: redirect to the intermediary’s checkout',
  description:
    'Public (the citizen’s browser follows it from the platform). PAYMENT_PENDING becomes PAYMENT_STARTED and the browser goes to the checkout; a COMPLETE payment goes to the landing page.' +
    LINK_DESCRIPTION,
  request: { params: UuidParam, query: LinkQuery },
  responses: {
    303: redirect('To the checkout (or the landing when already paid).', 'https://checkout.pagopa.it/…'),
    400: PROBLEMS[400],
    401: LINK_401,
    404: PROBLEMS[404],
    409: problemResponse('Not payable: still being created, or failed, expired, canceled.', {
      status: 409,
      code: 'conflict',
      detail: 'the payment is EXPIRED and cannot be paid',
      instance: '/online-payment/bb7044e4-066c-4bf7-915e-87ee97270eae',
    }),
    503: problemResponse('The intermediary could not start a checkout; retry.', {
      status: 503,
      code: 'unavailable',
      detail: 'intermediary pagopa is unavailable; retry later',
      instance: '/online-payment/bb7044e4-066c-4bf7-915e-87ee97270eae',
    }),
  },
})

export const landingRoute = createRoute({
  method: 'get',
  path: '/landing/{id}',
  tags: ['Citizen'],
  summary: 'Back from the checkout: check the payment, then go on to the platform’s page',
  description: `Public: the intermediary sends the browser back here. Checks the intermediary now, applies the result, and redirects to \`links.online_payment_landing.url\`.${LINK_DESCRIPTION}`,
  request: {
    params: UuidParam,
    query: LinkQuery.extend({
      outcome: z.enum(['ok', 'cancel', 'error']).optional().openapi({ description: 'What the checkout reported; informative only.' }),
    }),
  },
  responses: {
    302: redirect('To the platform’s page for this payment.', 'https://servizi.comune.example.it/pratiche/…/detail'),
    400: PROBLEMS[400],
    401: LINK_401,
    404: PROBLEMS[404],
  },
})

export const updateRoute = createRoute({
  method: 'get',
  path: '/update/{id}',
  tags: ['Payments'],
  summary: 'Check the payment at the intermediary now and return it',
  description:
    'The platform’s poller calls `links.update.url` as given, with no credentials: the signature in its query (`exp`, `kid`, `sig`) is the credential. ' +
    'With X-API-Key and a bearer JWT (operator) no signature is needed. The intermediary is asked at most once per payment per ' +
    '`VARCO_UPDATE_MIN_INTERVAL_MS` (default 10 s); within that interval, and for final payments, the stored state is returned.',
  security: [...AUTHENTICATED, {}],
  request: { params: UuidParam, query: LinkQuery },
  responses: {
    200: { description: 'The payment after the check.', content: { 'application/json': { schema: PaymentSchema } } },
    ...authenticatedErrors(404),
    401: problemResponse('Bad credentials; or, called without credentials, a missing, tampered or expired link signature.', {
      status: 401,
      code: 'auth.invalid_link',
      detail: 'the link’s signature does not match',
      instance: '/update/bb7044e4-066c-4bf7-915e-87ee97270eae',
    }),
  },
})
