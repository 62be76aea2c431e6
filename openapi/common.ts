/**
 * Shared pieces of the published contract: RFC 7807 problem bodies (proxy API), the Agile error
 * envelope, security schemes and the standard error responses every route declares.
 * @module
 */

import { z } from '@hono/zod-openapi'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

export const FieldErrorSchema = z
  .object({
    field: z.string().openapi({ example: 'tax_identification_number' }),
    message: z.string().openapi({ example: 'must be a valid codice fiscale' }),
  })
  .openapi('FieldError')

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:varco:problem:validation' }),
    title: z.string().openapi({ example: 'Invalid request' }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().openapi({ example: 'tax_identification_number: must be a valid codice fiscale' }),
    instance: z.string().openapi({ example: '/tenants' }),
    code: z.string().openapi({ example: 'validation', description: 'Stable machine-readable error code.' }),
    request_id: z.string().openapi({ example: '6f1c2b9e-0c4e-4a51-a0f5-2f9c1f0c1a77' }),
    errors: z.array(FieldErrorSchema).optional().openapi({ description: 'Present for validation errors.' }),
  })
  .openapi('Problem', { description: 'RFC 7807 problem details.' })

export const AgileErrorSchema = z
  .object({
    success: z.literal(false),
    error: z.string().openapi({ example: 'amount: must be a positive integer' }),
    code: z.string().openapi({ example: 'validation' }),
    errors: z
      .array(z.object({ field: z.string(), message: z.string(), code: z.string().optional(), layer: z.string().optional() }))
      .optional()
      .openapi({ description: 'Present for validation errors and invalid invoices: one entry per error.' }),
  })
  .openapi('AgileError', { description: 'Error envelope of the Agile API (/billing, /payment, /fatturapa, /sdi).' })

export const SECURITY_SCHEMES = {
  ApiKeyAuth: {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description:
      'Either a tenant API key from `npx varco tenant create` (`vk_<key id>_<secret>`), which needs the JWT too, or a platform key from `npx varco platform create` (`vp_<key id>_<secret>`), which authenticates alone (machine to machine, no JWT; a bearer token sent with it is ignored) on the proxy API only (/tenants, /services, /payments, /imports, /update), as admin of the tenants the platform created: other ids read as 404, and other routes answer 403 `auth.platform_not_allowed`.',
  },
  BearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'JWT with claims `user_id`, `tenant_id`, `role` (viewer | operator | admin) and `exp`; required with a tenant key, not with a platform key.',
  },
} as const

/** Both headers are required together on every non-public route. */
/** A documented Agile error answer: `{success: false, error, code}` with an example. */
export const agileError = (description: string, code: string, error: string) => ({
  description,
  content: { 'application/json': { schema: AgileErrorSchema, example: { success: false as const, error, code } } },
})

/** The Agile API's answers to a request without valid credentials. */
export const AGILE_401 = agileError(
  'Missing or invalid X-API-Key, or a missing, invalid or expired JWT.',
  'auth.token_expired',
  'the bearer token has expired',
)
/** Every authenticated Agile route but /billing/* (edge/middleware/billing-gate.ts). */
export const AGILE_402 = agileError(
  'The tenant’s subscription is suspended or expired.',
  'billing_inactive',
  'the tenant subscription is suspended',
)
/** 403 with an example of this route's refusal (a role too low, or another tenant's token). */
export const agile403 = (code: string, error: string) =>
  agileError('The JWT belongs to another tenant, or the role is too low.', code, error)

export const AUTHENTICATED = [{ ApiKeyAuth: [], BearerAuth: [] }]

const TITLES: Readonly<Record<number, string>> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  422: 'Unprocessable',
  500: 'Internal error',
  503: 'Service unavailable',
}

const problemExample = (
  status: number,
  code: string,
  title: string,
  detail: string,
  instance = '/tenants/2b1f6b34-8a1f-4c49-9c55-3f0e4d0d2a11',
) => ({
  type: `urn:varco:problem:${code}`,
  title,
  status,
  detail,
  instance,
  code,
  request_id: '6f1c2b9e-0c4e-4a51-a0f5-2f9c1f0c1a77',
})

/** A documented problem+json response with its example. */
export const problemResponse = (description: string, e: { status: number; code: string; detail: string; instance?: string }) => ({
  description,
  content: {
    [PROBLEM_CONTENT_TYPE]: {
      schema: ProblemSchema,
      example: problemExample(e.status, e.code, TITLES[e.status] ?? 'Error', e.detail, e.instance),
    },
  },
})

/** A JSON success response. */
export const jsonOk = <S extends z.ZodType>(description: string, schema: S) => ({
  description,
  content: { 'application/json': { schema } },
})

/** A required JSON request body with its example. */
export const jsonBody = <S extends z.ZodType>(schema: S, example: Record<string, unknown>) => ({
  required: true,
  content: { 'application/json': { schema, example } },
})

const problem = (description: string, example: Record<string, unknown>) => ({
  description,
  content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema, example } },
})

export const PROBLEMS = {
  400: problem('Invalid input; `errors` names each field.', {
    ...problemExample(400, 'validation', 'Invalid request', 'name: must not be empty'),
    errors: [{ field: 'name', message: 'must not be empty' }],
  }),
  401: problem(
    'Missing, unknown or revoked API key; missing, malformed, tampered or expired JWT.',
    problemExample(401, 'auth.token_expired', 'Unauthorized', 'the bearer token has expired'),
  ),
  403: problem(
    "The JWT's tenant differs from the API key's tenant, or the role is too low.",
    problemExample(403, 'auth.insufficient_role', 'Forbidden', 'this operation needs role admin; the token has viewer'),
  ),
  404: problem('No such resource for this tenant.', problemExample(404, 'not_found', 'Not found', 'tenant 2b1f… not found')),
  409: problem(
    'The resource already exists or changed concurrently.',
    problemExample(409, 'conflict', 'Conflict', 'this tenant is already configured; use PUT or PATCH'),
  ),
  422: problem(
    'Well-formed, but not processable now (e.g. no active tenant or service configuration).',
    problemExample(422, 'unprocessable', 'Unprocessable', 'service 68dada78-… has no active configuration for this tenant'),
  ),
  500: problem('Unexpected error; the request id is in the logs.', problemExample(500, 'internal', 'Internal error', 'unexpected error')),
} as const

/** The error responses of an authenticated route, plus the route's own extra ones. */
export function authenticatedErrors<K extends keyof typeof PROBLEMS>(...extra: K[]) {
  const out: Partial<Record<keyof typeof PROBLEMS, (typeof PROBLEMS)[keyof typeof PROBLEMS]>> = {
    400: PROBLEMS[400],
    401: PROBLEMS[401],
    403: PROBLEMS[403],
    500: PROBLEMS[500],
  }
  for (const k of extra) out[k] = PROBLEMS[k]
  return out as Pick<typeof PROBLEMS, 400 | 401 | 403 | 500 | K>
}

export const UuidParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' }, example: '2b1f6b34-8a1f-4c49-9c55-3f0e4d0d2a11' }),
})

/** ISO 8601 with seconds and the Europe/Rome offset, as Opencity requires. */
export const RomeDateTime = z.string().openapi({ example: '2026-11-23T13:12:55+01:00', format: 'date-time' })
