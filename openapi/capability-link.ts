/** The signature parameters of a capability link (core/capability-link.ts) and the 401 they lead to. @module */

import { z } from '@hono/zod-openapi'
import { problemResponse } from './common.ts'

export const LinkQuery = z.object({
  exp: z.string().optional().openapi({ description: 'Last valid second of the link (unix time).', example: '1795435975' }),
  kid: z.string().optional().openapi({ description: 'Id of the key the link was signed with.', example: 'k2026' }),
  sig: z.string().optional().openapi({
    description: 'base64url HMAC-SHA256 of the link’s path and expiry.',
    example: 'q0mJ0b3f3Vt4bY8m2f5wYb1Qm0Vf6l9mQ3n5r7t9v1x',
  }),
})

export const LINK_DESCRIPTION =
  ' Open it exactly as the payment’s `links` give it: the URL carries `exp`, `kid` and `sig`, and a missing, tampered or expired signature gets 401.'

export const LINK_401 = problemResponse('The link has no valid signature (missing, tampered, unknown key) or has expired.', {
  status: 401,
  code: 'auth.invalid_link',
  detail: 'the link’s signature does not match',
  instance: '/receipt/bb7044e4-066c-4bf7-915e-87ee97270eae',
})
