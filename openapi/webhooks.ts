/** Incoming intermediary webhooks (Stripe, Revolut): verified on the raw body, used as hints. @module */

import { createRoute, z } from '@hono/zod-openapi'
import { PROBLEMS, problemResponse } from './common.ts'

export const providerWebhookRoute = createRoute({
  method: 'post',
  path: '/webhooks/{provider}',
  tags: ['Webhooks'],
  summary: 'Receive an intermediary webhook',
  description:
    'Public, authenticated by the intermediary’s signature (Stripe-Signature, Revolut-Signature) checked on the raw body before anything else. The payment’s state is then re-read from the intermediary and applied forward-only; a replayed delivery (same event) is acknowledged without acting again. 2xx only once the result is stored.',
  request: {
    params: z.object({
      provider: z
        .string()
        .min(1)
        .max(32)
        .openapi({ param: { name: 'provider', in: 'path' }, example: 'stripe' }),
    }),
  },
  responses: {
    200: {
      description: 'Accepted (applied, a replay, or a payment not known here).',
      content: {
        'application/json': {
          schema: z.object({
            received: z.literal(true),
            outcome: z.enum(['applied', 'duplicate', 'unknown_payment']),
            payment_id: z.string().nullable(),
            status: z.string().nullable(),
          }),
          example: { received: true, outcome: 'applied', payment_id: 'bb7044e4-066c-4bf7-915e-87ee97270eae', status: 'COMPLETE' },
        },
      },
    },
    400: problemResponse('Signature invalid, timestamp too old, or body unreadable.', {
      status: 400,
      code: 'webhook.invalid_signature',
      detail: 'no v1 signature matches',
      instance: '/webhooks/stripe',
    }),
    404: problemResponse('No intermediary with webhooks under this name.', {
      status: 404,
      code: 'not_found',
      detail: 'webhook endpoint paypal not found',
      instance: '/webhooks/paypal',
    }),
    500: PROBLEMS[500],
  },
})
