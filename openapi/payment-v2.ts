/**
 * The Agile payments v2 API (seed 000) under `/payment/v2`: provider configuration (admin), methods,
 * payment links, payments, SEPA mandates and charges, and per-tenant provider webhooks. Success is
 * `{success: true, data}`, failure `{success: false, error, code}`. Amounts are integer cents.
 * @module
 */

import { createRoute, z } from '@hono/zod-openapi'
import { AGILE_401, AGILE_402, AUTHENTICATED, agile403, agileError } from './common.ts'

const TAG = 'Payments v2 (Agile)'

const ok = <S extends z.ZodType>(description: string, data: S, example: unknown) => ({
  description,
  content: {
    'application/json': {
      schema: z.object({ success: z.literal(true), data }),
      example: { success: true, data: example },
    },
  },
})

const jsonBody = <S extends z.ZodType>(schema: S, example: Record<string, unknown>) => ({
  required: true,
  content: { 'application/json': { schema, example } },
})

/** Errors every authenticated payments v2 route can answer, in the order they are checked. */
const BASE_ERRORS = {
  400: agileError('Invalid input (the field is named).', 'validation', 'amount: must be a positive integer of cents'),
  401: AGILE_401,
  402: AGILE_402,
  403: agile403('auth.tenant_mismatch', 'the token belongs to a different tenant than the API key'),
  500: agileError(
    'Unexpected error, or a stored secret that does not open.',
    'secrets_unreadable',
    'stored provider credentials cannot be read; reconfigure them',
  ),
} as const

const NOT_CONFIGURED = agileError(
  'No payments provider configured for this tenant (PUT /payment/v2/provider-config first).',
  'provider_not_configured',
  'no payments provider is configured for this tenant',
)
const PROVIDER_AUTH = agileError(
  'The provider refused the tenant’s credentials.',
  'provider_auth',
  'the provider refused the credentials: 401 Unauthorized',
)
const PROVIDER_DOWN = agileError(
  'The provider is unavailable; nothing was done, retry later.',
  'provider_unavailable',
  'the provider is unavailable: 503',
)
const PROVIDER_DECLINED = agileError(
  'The provider refused the request.',
  'provider_declined',
  'amount must be between 50 and 99999999 cents for Stripe',
)

const ProviderSchema = z.enum(['revolut', 'stripe']).openapi({ example: 'revolut' })
const MethodSchema = z.enum(['revolut_pay', 'open_banking', 'card', 'sepa_debit']).openapi({ example: 'revolut_pay' })
const Cents = z.number().int().positive().openapi({ example: 15000, description: 'Integer cents (15000 = €150.00).' })
const Iso = z.string().openapi({ example: '2026-11-23T10:00:00.000Z', format: 'date-time' })

// ---- provider-config ----

/**
 * Where the provider sends the customer back: only ever a browser redirect (the gateway never fetches it, so no
 * SSRF check), but http(s) only, so no `javascript:` or `data:` URL reaches a provider's hosted page.
 */
const ReturnUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2048)
  .openapi({ example: 'https://lg231.certisource.it/#billing' })

export const ProviderConfigBody = z
  .object({
    provider: ProviderSchema,
    api_key: z.string().min(8).max(512).openapi({ example: 'sk_live_51Hx…' }),
    webhook_secret: z.string().min(8).max(512).openapi({ example: 'whsec_…' }),
  })
  .strict()
  .openapi('PaymentV2ProviderConfigInput')

const ProviderConfigView = z
  .object({
    provider: ProviderSchema,
    api_key_set: z.boolean(),
    api_key_last4: z.string().openapi({ example: '4f2a', description: 'The last 4 characters of the API key, never more.' }),
    webhook_secret_set: z.boolean(),
    updated_at: Iso,
  })
  .openapi('PaymentV2ProviderConfig')

const configExample = {
  provider: 'revolut',
  api_key_set: true,
  api_key_last4: '4f2a',
  webhook_secret_set: true,
  updated_at: '2026-11-23T10:00:00.000Z',
}

export const getProviderConfigRoute = createRoute({
  method: 'get',
  path: '/payment/v2/provider-config',
  tags: [TAG],
  summary: 'Read the tenant’s payments provider configuration (admin)',
  description: 'Secrets are never returned: only whether they are set and the last 4 characters of the API key.',
  security: AUTHENTICATED,
  responses: {
    200: ok('The configuration.', ProviderConfigView, configExample),
    ...BASE_ERRORS,
    404: agileError('Not configured yet.', 'not_found', 'provider configuration of tenant 2b1f… not found'),
  },
})

export const putProviderConfigRoute = createRoute({
  method: 'put',
  path: '/payment/v2/provider-config',
  tags: [TAG],
  summary: 'Configure the tenant’s payments provider (admin)',
  description:
    'The API key and webhook secret are sealed with AES-256-GCM (key id in the value, tenant and field as associated data) before they are stored, and are never returned or logged. The webhook endpoint to give the provider is `/payment/v2/webhooks/{tenant_id}/{provider}`.',
  security: AUTHENTICATED,
  request: {
    body: jsonBody(ProviderConfigBody, {
      provider: 'revolut',
      api_key: 'sk_live_0123456789abcdef',
      webhook_secret: 'wsk_0123456789abcdef',
    }),
  },
  responses: { 200: ok('Stored.', ProviderConfigView, configExample), ...BASE_ERRORS },
})

// ---- methods ----

const MethodsData = z
  .object({
    provider: ProviderSchema,
    methods: z.array(z.object({ id: MethodSchema, label: z.string(), recommended: z.boolean() })),
  })
  .openapi('PaymentV2Methods')

export const methodsRoute = createRoute({
  method: 'get',
  path: '/payment/v2/methods',
  tags: [TAG],
  summary: 'Payment methods of the tenant’s provider',
  security: AUTHENTICATED,
  responses: {
    200: ok('The methods, recommended first.', MethodsData, {
      provider: 'revolut',
      methods: [
        { id: 'revolut_pay', label: 'Revolut Pay', recommended: true },
        { id: 'open_banking', label: 'Pay by Bank', recommended: false },
        { id: 'card', label: 'Card (Visa, Mastercard, Amex, Apple Pay, Google Pay)', recommended: false },
        { id: 'sepa_debit', label: 'SEPA Direct Debit', recommended: false },
      ],
    }),
    ...BASE_ERRORS,
    409: NOT_CONFIGURED,
  },
})

// ---- links and payments ----

export const LinkBody = z
  .object({
    amount: Cents,
    currency: z.enum(['EUR']).openapi({ example: 'EUR' }),
    description: z.string().min(1).max(500).openapi({ example: 'Pacchetto Onboarding 231 #3' }),
    reference: z
      .string()
      .min(1)
      .max(64)
      .openapi({ example: 'PKG-2026-003', description: 'Your reference; unique per tenant (idempotency key).' }),
    method: MethodSchema,
    return_url: ReturnUrl,
  })
  .strict()
  .openapi('PaymentV2LinkInput')

const PaymentData = z
  .object({
    payment_id: z.string(),
    payment_url: z.string().nullable(),
    status: z.enum(['creating', 'unknown', 'pending', 'paid', 'expired', 'canceled']),
    kind: z.enum(['link', 'charge']),
    provider: ProviderSchema,
    method: MethodSchema,
    amount: z.number().int(),
    currency: z.literal('EUR'),
    description: z.string(),
    reference: z.string(),
    mandate_id: z.string().nullable(),
    paid_at: Iso.nullable(),
    created_at: Iso,
    updated_at: Iso,
  })
  .openapi('PaymentV2Payment')

const paymentExample = {
  payment_id: '0f8e1c52-3c3e-4c0b-9b7e-5b0b8a3f9d11',
  payment_url: 'https://checkout.revolut.com/payment-link/…',
  status: 'pending',
  kind: 'link',
  provider: 'revolut',
  method: 'revolut_pay',
  amount: 15000,
  currency: 'EUR',
  description: 'Pacchetto Onboarding 231 #3',
  reference: 'PKG-2026-003',
  mandate_id: null,
  paid_at: null,
  created_at: '2026-11-23T10:00:00.000Z',
  updated_at: '2026-11-23T10:00:00.000Z',
}

const REFERENCE_TAKEN = agileError(
  'The reference is already used by a payment with another body.',
  'conflict',
  'reference PKG-2026-003 is already used by another payment of this tenant',
)

export const createLinkRoute = createRoute({
  method: 'post',
  path: '/payment/v2/links',
  tags: [TAG],
  summary: 'Create a payment link',
  description:
    'Idempotent on `reference`: the same body again returns the same link (200). When the provider’s answer is lost the payment is `unknown` (202) and is reconciled on read; it is never reported as failed.',
  security: AUTHENTICATED,
  request: {
    body: jsonBody(LinkBody, {
      amount: 15000,
      currency: 'EUR',
      description: 'Pacchetto Onboarding 231 #3',
      reference: 'PKG-2026-003',
      method: 'revolut_pay',
      return_url: 'https://lg231.certisource.it/#billing',
    }),
  },
  responses: {
    201: ok('Created; send the customer to `payment_url`.', PaymentData, paymentExample),
    200: ok('The same request was made before: the same link.', PaymentData, paymentExample),
    202: ok('Accepted, outcome unknown at the provider: read it later.', PaymentData, {
      ...paymentExample,
      status: 'unknown',
      payment_url: null,
    }),
    ...BASE_ERRORS,
    409: REFERENCE_TAKEN,
    422: PROVIDER_DECLINED,
    502: PROVIDER_AUTH,
    503: PROVIDER_DOWN,
  },
})

const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: '0f8e1c52-3c3e-4c0b-9b7e-5b0b8a3f9d11' }),
})

export const getPaymentRoute = createRoute({
  method: 'get',
  path: '/payment/v2/payments/{id}',
  tags: [TAG],
  summary: 'Read a payment (link or charge)',
  description: 'A payment that is not final is re-read from the provider first, and moves forward only.',
  security: AUTHENTICATED,
  request: { params: IdParam },
  responses: {
    200: ok('The payment.', PaymentData, { ...paymentExample, status: 'paid', paid_at: '2026-11-23T10:05:00.000Z' }),
    ...BASE_ERRORS,
    404: agileError('No such payment for this tenant.', 'not_found', 'payment 0f8e… not found'),
  },
})

// ---- mandates ----

export const MandateBody = z
  .object({
    customer_name: z.string().min(1).max(200).openapi({ example: 'Mario Rossi' }),
    customer_email: z.string().min(3).max(254).openapi({ example: 'mario@esempio.it' }),
    iban: z.string().min(15).max(42).openapi({ example: 'IT60X0542811101000000123456' }),
    description: z.string().min(1).max(500).openapi({ example: 'Abbonamento 231 Agile' }),
    return_url: ReturnUrl.optional(),
  })
  .strict()
  .openapi('PaymentV2MandateInput')

const MandateData = z
  .object({
    mandate_id: z.string(),
    mandate_url: z.string().nullable(),
    status: z.enum(['creating', 'unknown', 'pending_mandate_signature', 'active', 'inactive']),
    iban_masked: z.string(),
    customer_name: z.string(),
    customer_email: z.string(),
    provider: ProviderSchema,
    created_at: Iso,
    updated_at: Iso,
  })
  .openapi('PaymentV2Mandate')

const mandateExample = {
  mandate_id: 'mnd_4b1d…',
  mandate_url: 'https://checkout.stripe.com/c/pay/cs_…',
  status: 'pending_mandate_signature',
  iban_masked: 'IT60****3456',
  customer_name: 'Mario Rossi',
  customer_email: 'mario@esempio.it',
  provider: 'stripe',
  created_at: '2026-11-23T10:00:00.000Z',
  updated_at: '2026-11-23T10:00:00.000Z',
}

export const createMandateRoute = createRoute({
  method: 'post',
  path: '/payment/v2/mandates',
  tags: [TAG],
  summary: 'Create a SEPA Direct Debit mandate',
  description:
    'The IBAN is checked (mod-97) and stored masked plus encrypted. The customer signs at `mandate_url`. One pending or active mandate per customer e-mail.',
  security: AUTHENTICATED,
  request: {
    body: jsonBody(MandateBody, {
      customer_name: 'Mario Rossi',
      customer_email: 'mario@esempio.it',
      iban: 'IT60X0542811101000000123456',
      description: 'Abbonamento 231 Agile',
    }),
  },
  responses: {
    201: ok('Created; send the customer to `mandate_url`.', MandateData, mandateExample),
    202: ok('Accepted, outcome unknown at the provider.', MandateData, { ...mandateExample, status: 'unknown', mandate_url: null }),
    ...BASE_ERRORS,
    409: agileError(
      'The customer already has a pending or active mandate.',
      'conflict',
      'this customer already has a pending or active mandate',
    ),
    422: agileError('The provider refused, or has no SEPA mandates here.', 'provider_declined', 'the provider refused the mandate'),
    502: PROVIDER_AUTH,
    503: PROVIDER_DOWN,
  },
})

export const getMandateRoute = createRoute({
  method: 'get',
  path: '/payment/v2/mandates/{id}',
  tags: [TAG],
  summary: 'Read a mandate',
  description: 'A pending or active mandate is re-read from the provider first; one revoked there turns `inactive` for good.',
  security: AUTHENTICATED,
  request: { params: IdParam },
  responses: {
    200: ok('The mandate.', MandateData, { ...mandateExample, status: 'active' }),
    ...BASE_ERRORS,
    404: agileError('No such mandate for this tenant.', 'not_found', 'mandate mnd_4b1d… not found'),
  },
})

export const ChargeBody = z
  .object({
    amount: Cents,
    currency: z.enum(['EUR']).openapi({ example: 'EUR' }),
    description: z.string().min(1).max(500).openapi({ example: 'Pacchetto Onboarding #4' }),
    reference: z.string().min(1).max(64).openapi({ example: 'PKG-2026-004' }),
  })
  .strict()
  .openapi('PaymentV2ChargeInput')

export const chargeMandateRoute = createRoute({
  method: 'post',
  path: '/payment/v2/mandates/{id}/charges',
  tags: [TAG],
  summary: 'Charge an active mandate (SEPA Direct Debit)',
  description: 'Only on an `active` mandate. Idempotent on `reference` like links. SEPA debits settle in days: a new charge is `pending`.',
  security: AUTHENTICATED,
  request: {
    params: IdParam,
    body: jsonBody(ChargeBody, { amount: 15000, currency: 'EUR', description: 'Pacchetto Onboarding #4', reference: 'PKG-2026-004' }),
  },
  responses: {
    201: ok('Charge created.', PaymentData, {
      ...paymentExample,
      kind: 'charge',
      method: 'sepa_debit',
      payment_url: null,
      mandate_id: 'mnd_4b1d…',
    }),
    200: ok('The same request was made before: the same charge.', PaymentData, {
      ...paymentExample,
      kind: 'charge',
      method: 'sepa_debit',
      payment_url: null,
    }),
    202: ok('Accepted, outcome unknown at the provider.', PaymentData, {
      ...paymentExample,
      kind: 'charge',
      status: 'unknown',
      payment_url: null,
    }),
    ...BASE_ERRORS,
    404: agileError('No such mandate for this tenant.', 'not_found', 'mandate mnd_4b1d… not found'),
    409: agileError(
      'The mandate is not active, or the reference is taken.',
      'conflict',
      'the mandate is pending_mandate_signature; charges need an active mandate',
    ),
    422: PROVIDER_DECLINED,
    502: PROVIDER_AUTH,
    503: PROVIDER_DOWN,
  },
})

// ---- webhooks ----

export const v2WebhookRoute = createRoute({
  method: 'post',
  path: '/payment/v2/webhooks/{tenant_id}/{provider}',
  tags: [TAG],
  summary: 'Receive a provider webhook for a tenant',
  description:
    'Public, authenticated by the provider’s signature (Stripe-Signature, Revolut-Signature) checked with the tenant’s webhook secret on the raw body before anything else. The payment is then re-read from the provider and moved forward only; a replayed delivery changes nothing. 2xx only once the result is stored.',
  request: {
    params: z.object({
      tenant_id: z
        .string()
        .min(1)
        .max(64)
        .openapi({ param: { name: 'tenant_id', in: 'path' }, example: '2b1f6b34-8a1f-4c49-9c55-3f0e4d0d2a11' }),
      provider: z
        .string()
        .min(1)
        .max(32)
        .openapi({ param: { name: 'provider', in: 'path' }, example: 'revolut' }),
    }),
  },
  responses: {
    200: ok(
      'Accepted (applied, a replay, or a payment not known here).',
      z.object({
        received: z.literal(true),
        outcome: z.enum(['applied', 'duplicate', 'unknown_payment']),
        payment_id: z.string().nullable(),
        mandate_id: z
          .string()
          .nullable()
          .openapi({ description: 'Set when the event concerns a SEPA mandate (then `status` is the mandate’s).' }),
        status: z.string().nullable(),
      }),
      { received: true, outcome: 'applied', payment_id: '0f8e1c52-3c3e-4c0b-9b7e-5b0b8a3f9d11', mandate_id: null, status: 'paid' },
    ),
    400: agileError('Signature invalid, timestamp too old, or body unreadable.', 'webhook.invalid_signature', 'no v1 signature matches'),
    404: agileError('This tenant has no such provider configured.', 'not_found', 'webhook endpoint 2b1f…/paypal not found'),
    500: BASE_ERRORS[500],
    503: agileError(
      'The payment could not be re-read; the provider will retry.',
      'provider_unavailable',
      'the payment could not be re-read from the provider',
    ),
  },
})
