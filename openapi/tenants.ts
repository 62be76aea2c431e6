/**
 * The Opencity tenant configuration resource, API v2 (opencity.md §2.1–§2.2): `id`, `name`,
 * `tax_identification_number` are mandatory; DELETE is a soft delete (`active=false`).
 * @module
 */

import { createRoute, z } from '@hono/zod-openapi'
import { AUTHENTICATED, authenticatedErrors, jsonBody, jsonOk, PROBLEMS, RomeDateTime, UuidParam } from './common.ts'
import { type FormShape, formInput } from './form-input.ts'
import { credentialFlags, credentialsIn, credentialsOut, exampleCredentialsView } from './tenant-credentials.ts'

const TAX_ID = /^([0-9]{11}|[A-Za-z0-9]{16})$/

const PagopaSchema = z
  .object({
    segregation_code: z
      .string()
      .regex(/^[0-9]{2}$/, 'must be 2 digits')
      .openapi({ example: '47', description: 'Codice di segregazione assigned by PagoPA.' }),
    aux_digit: z
      .enum(['0', '1', '2', '3'])
      .default('3')
      .openapi({ description: 'Aux digit of the notice numbers (3 is the current one).' }),
    iban: z
      .string()
      .nullable()
      .default(null)
      .openapi({ example: 'IT60X0542811101000000123456', description: 'Accredit IBAN (mod-97 checked).' }),
    postal_account: z
      .string()
      .nullable()
      .default(null)
      .openapi({ example: '000012345678', description: 'Poste account for the data matrix on notices.' }),
  })
  .strict()
  .openapi('TenantPagopa', { description: 'pagoPA settings of this ente; null means the gateway defaults.' })

const exampleTenant = {
  id: '2b1f6b34-8a1f-4c49-9c55-3f0e4d0d2a11',
  name: 'Comune di Bugliano',
  tax_identification_number: '00341620508',
  IPA_code: 'C_B303',
  active: true,
  pagopa: { segregation_code: '47', aux_digit: '3', iban: 'IT60X0542811101000000123456', postal_account: null },
  ...exampleCredentialsView,
  created_at: '2026-11-23T13:12:55+01:00',
  updated_at: '2026-11-23T13:12:55+01:00',
}

export const TenantSchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    tax_identification_number: z.string(),
    IPA_code: z.string().nullable(),
    active: z.boolean(),
    pagopa: z
      .object({ segregation_code: z.string(), aux_digit: z.string(), iban: z.string().nullable(), postal_account: z.string().nullable() })
      .nullable(),
    ...credentialsOut,
    created_at: RomeDateTime,
    updated_at: RomeDateTime,
  })
  .openapi('Tenant', { example: exampleTenant })

const name = z.string().min(1).max(255).openapi({ example: 'Comune di Bugliano', description: 'Nome dell’ente; 1–255 characters.' })
const taxId = z.string().regex(TAX_ID, 'must be 11 digits or a 16-character codice fiscale').openapi({
  example: '00341620508',
  description: 'Codice fiscale dell’ente (11 digits) or a personal one (16 characters); the check digit is verified.',
})
const ipaCode = z.string().max(20).nullable().openapi({ example: 'C_B303', description: 'Codice IPA (upper case), or null.' })
const ipaAlias = z.string().max(20).nullable().optional().openapi({ description: 'Former name of `IPA_code`, still accepted.' })
const oneIpaCode = (v: { ipa_code?: unknown }) => v.ipa_code === undefined
const oneIpaCodeIssue = { message: 'give IPA_code or its alias ipa_code, not both with different values', path: ['ipa_code'] }

/**
 * What the tenant form submits (edge/routes/tenant-form.ts): blank fields and a blank `pagopa`
 * (aux digit 3 alone is the form's default) are absent, `submit` is ignored, `ipa_code` is `IPA_code`.
 */
export const TENANT_FORM_SHAPE: FormShape = {
  containers: {
    pagopa: { defaults: { aux_digit: '3' } },
    stripe: { answerOnly: credentialFlags('stripe') },
    revolut: { answerOnly: credentialFlags('revolut') },
    onpay: { defaults: { gateway: 'nexi' }, answerOnly: credentialFlags('onpay') },
  },
  aliases: { ipa_code: 'IPA_code' },
  answerOnly: ['created_at', 'updated_at'],
}

const FORM_NOTE =
  'Also accepts the form.io submission of `/tenants/schema` as is: `submit` is ignored, blank fields and a blank `pagopa` are absent; `created_at`/`updated_at` (a form pre-filled from GET) are ignored.'

export const TenantCreateSchema = formInput(
  TENANT_FORM_SHAPE,
  z
    .object({
      id: z.string().uuid().optional().openapi({
        description:
          'Tenant key: defaults to the caller’s tenant id; any other id is refused (403). Platform key: the new tenant’s id (the platform’s own UUID, generated when omitted); 409 if it exists. "" is absent.',
      }),
      name,
      tax_identification_number: taxId,
      IPA_code: ipaCode.optional(),
      ipa_code: ipaAlias,
      active: z.boolean().optional().openapi({ description: 'Defaults to true.' }),
      pagopa: PagopaSchema.nullable().optional(),
      ...credentialsIn,
    })
    .strict()
    .refine(oneIpaCode, oneIpaCodeIssue),
).openapi('TenantCreate', { description: FORM_NOTE })

export const TenantReplaceSchema = formInput(
  TENANT_FORM_SHAPE,
  z
    .object({
      id: z.string().uuid().optional().openapi({ description: 'If present, must equal the path id.' }),
      name,
      tax_identification_number: taxId,
      IPA_code: ipaCode.optional(),
      ipa_code: ipaAlias,
      active: z.boolean().optional(),
      pagopa: PagopaSchema.nullable().optional(),
      ...credentialsIn,
    })
    .strict()
    .refine(oneIpaCode, oneIpaCodeIssue),
).openapi('TenantReplace', { description: FORM_NOTE })

export const TenantPatchSchema = formInput(
  TENANT_FORM_SHAPE,
  z
    .object({
      name: name.optional(),
      tax_identification_number: taxId.optional(),
      IPA_code: ipaCode.optional(),
      ipa_code: ipaAlias,
      active: z.boolean().optional(),
      pagopa: PagopaSchema.nullable().optional(),
      ...credentialsIn,
    })
    .strict()
    .refine((v) => Object.keys(v).length > 0, { message: 'at least one field is required' })
    .refine(oneIpaCode, oneIpaCodeIssue),
).openapi('TenantPatch', { description: FORM_NOTE })

export const TenantListSchema = z
  .object({ items: z.array(TenantSchema), total: z.number().int() })
  .openapi('TenantList', { example: { items: [exampleTenant], total: 1 } })

export const listTenantsRoute = createRoute({
  method: 'get',
  path: '/tenants',
  tags: ['Tenants'],
  summary: 'List the tenants visible to the caller (its own; a platform: those it created)',
  security: AUTHENTICATED,
  responses: { 200: jsonOk('The caller’s tenant.', TenantListSchema), ...authenticatedErrors() },
})

export const tenantSchemaRoute = createRoute({
  method: 'get',
  path: '/tenants/schema',
  tags: ['Tenants'],
  summary: 'form.io schema of the tenant configuration form',
  description: 'Public: the Opencity admin UI renders the tenant form from it.',
  responses: {
    200: {
      description: 'A form.io form definition.',
      content: {
        'application/json': {
          schema: z.object({ display: z.literal('form'), components: z.array(z.record(z.string(), z.unknown())) }),
          example: {
            display: 'form',
            components: [
              { key: 'name', label: "Nome dell'ente", type: 'textfield', input: true, validate: { required: true, maxLength: 255 } },
            ],
          },
        },
      },
    },
    500: PROBLEMS[500],
  },
})

export const createTenantRoute = createRoute({
  method: 'post',
  path: '/tenants',
  tags: ['Tenants'],
  summary: 'Submit the configuration of the caller’s tenant (a platform: create a tenant with its own id)',
  description:
    'With a tenant key and JWT: the tenant is provisioned with `npx varco tenant create`; the platform then POSTs its configuration once. A second POST is 409: use PUT or PATCH. With a platform key (`vp_…`, no JWT): creates a new tenant with the given id, owned by the platform; an existing id is 409.',
  security: AUTHENTICATED,
  request: {
    body: jsonBody(TenantCreateSchema, {
      id: exampleTenant.id,
      name: 'Comune di Bugliano',
      tax_identification_number: '00341620508',
      IPA_code: 'C_B303',
    }),
  },
  responses: { 201: jsonOk('Configured.', TenantSchema), ...authenticatedErrors(404, 409) },
})

export const getTenantRoute = createRoute({
  method: 'get',
  path: '/tenants/{id}',
  tags: ['Tenants'],
  summary: 'Read a tenant',
  security: AUTHENTICATED,
  request: { params: UuidParam },
  responses: { 200: jsonOk('The tenant.', TenantSchema), ...authenticatedErrors(404) },
})

export const replaceTenantRoute = createRoute({
  method: 'put',
  path: '/tenants/{id}',
  tags: ['Tenants'],
  summary: 'Replace a tenant’s configuration',
  security: AUTHENTICATED,
  request: {
    params: UuidParam,
    body: jsonBody(TenantReplaceSchema, {
      name: 'Comune di Bugliano',
      tax_identification_number: '00341620508',
      IPA_code: 'C_B303',
      active: true,
    }),
  },
  responses: { 200: jsonOk('Updated.', TenantSchema), ...authenticatedErrors(404, 409) },
})

export const patchTenantRoute = createRoute({
  method: 'patch',
  path: '/tenants/{id}',
  tags: ['Tenants'],
  summary: 'Change some fields of a tenant',
  security: AUTHENTICATED,
  request: { params: UuidParam, body: jsonBody(TenantPatchSchema, { name: 'Comune di Bugliano (PI)' }) },
  responses: { 200: jsonOk('Updated.', TenantSchema), ...authenticatedErrors(404, 409) },
})

export const deleteTenantRoute = createRoute({
  method: 'delete',
  path: '/tenants/{id}',
  tags: ['Tenants'],
  summary: 'Deactivate a tenant (soft delete: active=false)',
  description: 'The configuration is kept; PATCH `{"active": true}` reactivates it. Repeating DELETE is harmless.',
  security: AUTHENTICATED,
  request: { params: UuidParam },
  responses: { 200: jsonOk('Deactivated.', TenantSchema), ...authenticatedErrors(404, 409) },
})
