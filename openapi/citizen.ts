/** Citizen-facing redirects and the platform's update call (opencity.md §2.3). @module */

import { createRoute, z } from '@hono/zod-openapi'
import { AUTHENTICATED, authenticatedErrors, PROBLEM_CONTENT_TYPE, PROBLEMS, ProblemSchema, UuidParam } from './common.ts'
import { PaymentSchema } from './payments.ts'

const redirect = (description: string, example: string) => ({
  description,
  headers: z.object({ location: z.string().openapi({ example }) }),
})

const problem = (description: string, code: string, status: number, detail: string) => ({
  description,
  content: {
    [PROBLEM_CONTENT_TYPE]: {
      schema: ProblemSchema,
      example: {
        type: `urn:varco:problem:${code}`,
        title: 'Error',
        status,
        detail,
        instance: '/online-payment/…',
        code,
        request_id: '6f1c2b9e-…',
      },
    },
  },
})

export const onlinePaymentRoute = createRoute({
  method: 'get',
  path: '/online-payment/{id}',
  tags: ['Citizen'],
  summary: 'Start paying online: redirect to the intermediary’s checkout',
  description:
    'Public (the citizen’s browser follows it from the platform). PAYMENT_PENDING becomes PAYMENT_STARTED and the browser goes to the checkout; a COMPLETE payment goes to the landing page.',
  request: { params: UuidParam },
  responses: {
    303: redirect('To the checkout (or the landing when already paid).', 'https://checkout.pagopa.it/…'),
    404: PROBLEMS[404],
    409: problem(
      'Not payable: still being created, or failed, expired, canceled.',
      'conflict',
      409,
      'the payment is EXPIRED and cannot be paid',
    ),
    503: problem(
      'The intermediary could not start a checkout; retry.',
      'unavailable',
      503,
      'intermediary pagopa is unavailable; retry later',
    ),
  },
})

export const landingRoute = createRoute({
  method: 'get',
  path: '/landing/{id}',
  tags: ['Citizen'],
  summary: 'Back from the checkout: check the payment, then go on to the platform’s page',
  description: 'Public. Checks the intermediary now, applies the result, and redirects to `links.online_payment_landing.url`.',
  request: {
    params: UuidParam,
    query: z.object({
      outcome: z.enum(['ok', 'cancel', 'error']).optional().openapi({ description: 'What the checkout reported; informative only.' }),
    }),
  },
  responses: {
    302: redirect('To the platform’s page for this payment.', 'https://servizi.comune.example.it/pratiche/…/detail'),
    404: PROBLEMS[404],
  },
})

export const updateRoute = createRoute({
  method: 'get',
  path: '/update/{id}',
  tags: ['Payments'],
  summary: 'Check the payment at the intermediary now and return it',
  security: AUTHENTICATED,
  request: { params: UuidParam },
  responses: {
    200: { description: 'The payment after the check.', content: { 'application/json': { schema: PaymentSchema } } },
    ...authenticatedErrors(404),
  },
})
