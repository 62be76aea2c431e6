/**
 * Agile billing (seed 000, billing-ms): the subscription and its 8 onboarding packages, Stripe
 * Checkout, Stripe's webhook, the package invoice download, the invoicing data of the tenant, the
 * platform settings, bank transfers and the compliance cron. Success is `{success: true, data}`,
 * failure `{success: false, error, code}`.
 * @module
 */

import { createRoute, z } from '@hono/zod-openapi'
import { BILLING_STATUSES } from '../core/payments-v2/model.ts'
import { AGILE_401, AUTHENTICATED, agile403, agileError } from './common.ts'

const TAG = 'Billing (Agile)'

const ok = <T extends z.ZodTypeAny>(description: string, data: T, example: unknown) => ({
  description,
  content: { 'application/json': { schema: z.object({ success: z.literal(true), data }), example: { success: true, data: example } } },
})

const AUTH_ERRORS = {
  401: AGILE_401,
  403: agile403('auth.insufficient_role', 'this operation needs role admin; the token has viewer'),
} as const
const INVALID = agileError('Invalid input; nothing was written.', 'validation', 'cedente_cap: must be 5 digits')

const PACKAGE_EXAMPLE = {
  id: 1,
  number: 1,
  status: 'paid',
  price: '150.00',
  price_cents: 15000,
  vat_rate: 22,
  total_cents: 18300,
  due_at: '2026-05-01T00:00:00.000Z',
  overdue: false,
  paid_at: '2026-04-20T09:12:00.000Z',
  paid_via: 'card',
  invoice_state: 'issued',
  fattura_numero: 'FT-2026-0001-01',
  fattura_at: '2026-04-20T09:12:01.000Z',
  fattura_file_name: 'IT07776161213_00001.xml',
  fattura_hash: 'a3f4b2c1…',
  sdi: { sdi_id: 'SDI-2026-000001', stato: 'RC' },
  links: { checkout: null, fattura: '/billing/fattura/1', fattura_pdf: '/billing/fattura/1?format=pdf' },
  bonifico: null,
}
const CUSTOMER_EXAMPLE = {
  denominazione: 'Comune di Bugliano',
  nome: null,
  cognome: null,
  piva: null,
  codice_fiscale: '00341620508',
  indirizzo: 'Piazza del Comune 1',
  cap: '56056',
  comune: 'Bugliano',
  provincia: 'PI',
  nazione: 'IT',
  codice_destinatario: 'UF7XQ2',
  pec: null,
  email: null,
}
const SETTINGS_EXAMPLE = {
  fattura_ready: true,
  bonifico_ready: true,
  fattura_api_key_set: false,
  settings: {
    cedente_piva: { value: '07776161213', label: 'Partita IVA del cedente', source: 'db', secret: false, set: true },
    cedente_regime: { value: 'RF01', label: 'Regime fiscale del cedente', source: 'env', secret: false, set: true },
    fattura_api_key: { value: null, label: 'API key del servizio FatturaPA', source: 'empty', secret: true, set: false },
  },
}

const Iso = z.string().openapi({ format: 'date-time', example: '2026-05-01T00:00:00.000Z' })

const packageNumber = (name: string) =>
  z.coerce
    .number()
    .int()
    .openapi({ param: { name, in: 'path', required: true }, example: 1, description: 'The package number, 1 to 8.' })
export const PackageNumberParam = packageNumber('n')

const PackageSchema = z
  .object({
    id: z.number().int().openapi({ description: 'The package id within the tenant (= its number): /billing/fattura/{id}.' }),
    number: z.number().int().min(1).max(8),
    status: z.enum(['due', 'processing', 'paid']).openapi({ description: '`processing`: a SEPA debit is on its way.' }),
    price: z.string().openapi({ example: '150.00', description: 'Euros, VAT excluded.' }),
    price_cents: z.number().int().openapi({ example: 15000 }),
    vat_rate: z.number().int().openapi({ example: 22 }),
    total_cents: z.number().int().openapi({ example: 18300, description: 'What Checkout charges and the invoice totals.' }),
    due_at: Iso,
    overdue: z.boolean(),
    paid_at: Iso.nullable(),
    paid_via: z.enum(['card', 'sepa_debit', 'bonifico']).nullable(),
    invoice_state: z.enum(['none', 'issued', 'failed']),
    fattura_numero: z.string().nullable().openapi({ example: 'FT-2026-0001-01' }),
    fattura_at: Iso.nullable(),
    fattura_file_name: z.string().nullable().openapi({ example: 'IT07776161213_00001.xml' }),
    fattura_hash: z.string().nullable().openapi({ description: 'sha256 of the XML, hex.' }),
    sdi: z.object({ sdi_id: z.string(), stato: z.string().nullable() }).nullable(),
    links: z.object({ checkout: z.string().nullable(), fattura: z.string().nullable(), fattura_pdf: z.string().nullable() }),
    bonifico: z
      .object({
        iban: z.string().nullable(),
        bic: z.string().nullable(),
        beneficiario: z.string().nullable(),
        importo: z.string(),
        causale: z.string(),
      })
      .nullable()
      .openapi({ description: 'Bank transfer instructions, when the bonifico_* settings are complete and the package is not paid.' }),
  })
  .openapi('BillingPackage')

export const CustomerSchema = z
  .object({
    denominazione: z.string().trim().min(1).max(80).nullable().default(null),
    nome: z.string().trim().min(1).max(60).nullable().default(null),
    cognome: z.string().trim().min(1).max(60).nullable().default(null),
    piva: z
      .string()
      .trim()
      .regex(/^\d{11}$/, 'must be 11 digits')
      .nullable()
      .default(null),
    codice_fiscale: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{11,16}$/, 'must be a codice fiscale')
      .nullable()
      .default(null),
    indirizzo: z.string().trim().min(1).max(60),
    cap: z.string().trim().min(1).max(5),
    comune: z.string().trim().min(1).max(60),
    provincia: z.string().trim().toUpperCase().nullable().default(null),
    nazione: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/)
      .default('IT'),
    codice_destinatario: z.string().trim().toUpperCase().nullable().default(null),
    pec: z.string().trim().email().max(256).nullable().default(null),
    email: z.string().trim().email().max(256).nullable().default(null),
  })
  .strict()
  .openapi('BillingCustomer', {
    example: {
      denominazione: 'Comune di Bugliano',
      codice_fiscale: '00341620508',
      indirizzo: 'Piazza del Comune 1',
      cap: '56056',
      comune: 'Bugliano',
      provincia: 'PI',
      codice_destinatario: 'UF7XQ2',
    } as never,
  })

const StatusSchema = z
  .object({
    subscription: z.object({
      id: z.string().openapi({ example: 'SUB-9d6151c3' }),
      status: z.enum(BILLING_STATUSES),
      started_at: Iso,
      trial_ends_at: Iso,
      packages_completed: z.number().int(),
      packages_total: z.number().int(),
    }),
    packages: z.array(PackageSchema),
    days_remaining: z.number().int().openapi({ description: 'Days until the trial ends, or until the next unpaid package is due.' }),
    customer: CustomerSchema.nullable(),
  })
  .openapi('BillingStatus')

export const statusRoute = createRoute({
  method: 'get',
  path: '/billing/status',
  tags: [TAG],
  summary: 'The subscription, the 8 packages (due dates, payment, invoice, SDI) and the days remaining',
  description:
    'Opens the account on first use (a trial of BILLING_TRIAL_DAYS). The plan: package 1 is due when the trial ends, each next one a week later; a tenant with an unpaid package past its date is suspended, a trial that ends with nothing paid expires. Role viewer. Never 402: a blocked tenant must be able to pay.',
  security: AUTHENTICATED,
  responses: {
    200: ok('The account.', StatusSchema, {
      subscription: {
        id: 'SUB-9D6151C3',
        status: 'trial',
        started_at: '2026-04-01T00:00:00.000Z',
        trial_ends_at: '2026-05-01T00:00:00.000Z',
        packages_completed: 1,
        packages_total: 8,
      },
      packages: [PACKAGE_EXAMPLE],
      days_remaining: 11,
      customer: CUSTOMER_EXAMPLE,
    }),
    ...AUTH_ERRORS,
  },
})

export const putCustomerRoute = createRoute({
  method: 'put',
  path: '/billing/customer',
  tags: [TAG],
  summary: 'The tenant’s invoicing data (the cessionario of its package invoices)',
  description:
    'A company (denominazione) or a person (nome, cognome); piva or codice_fiscale; the address; codice_destinatario (7 characters, or the 6-character PA office code: invoices are then FPA12) or pec. Role admin.',
  security: AUTHENTICATED,
  request: { body: { required: true, content: { 'application/json': { schema: CustomerSchema } } } },
  responses: { 200: ok('Stored.', CustomerSchema, CUSTOMER_EXAMPLE), 400: INVALID, ...AUTH_ERRORS },
})

export const checkoutRoute = createRoute({
  method: 'post',
  path: '/billing/checkout/{n}',
  tags: [TAG],
  summary: 'A Stripe Checkout Session for package n (card or SEPA debit): redirect the browser to checkout_url',
  description:
    '€150 + 22% VAT (STRIPE_PRICE_PACKAGE, or an inline €183.00 price). A repeat while the session is open returns the same session (and the Idempotency-Key sent to Stripe is derived from tenant, package and the previous session, so a double click makes one). Role operator.',
  security: AUTHENTICATED,
  request: { params: z.object({ n: PackageNumberParam }) },
  responses: {
    200: ok('The hosted page.', z.object({ checkout_url: z.string().url(), session_id: z.string() }), {
      checkout_url: 'https://checkout.stripe.com/c/pay/cs_test_a1…',
      session_id: 'cs_test_a1…',
    }),
    400: agileError('n is not 1 to 8.', 'validation', 'n: must be a package number from 1 to 8'),
    ...AUTH_ERRORS,
    409: agileError(
      'The package is paid (or a SEPA debit is on its way), or the tenant has no invoicing data yet.',
      'conflict',
      'the package is paid already',
    ),
    502: agileError('Stripe refused the request.', 'provider_invalid_request', 'No such price'),
    503: agileError('Stripe is not configured or not reachable.', 'unavailable', 'stripe is unavailable'),
  },
})

export const billingWebhookRoute = createRoute({
  method: 'post',
  path: '/billing/webhook',
  tags: [TAG],
  summary: 'Stripe webhook (checkout.session.completed, async_payment_succeeded/_failed)',
  description:
    'Verified on the raw body with the endpoint secret (Stripe-Signature), deduplicated on the event id, then the session is re-read at Stripe and applied forward-only; a paid package is invoiced (and sent to SDI when enabled). Every verified event answers 200, unknown types too; a bad signature 400.',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({}).passthrough() } } } },
  responses: {
    200: {
      description: 'Processed (or a duplicate, or about nothing here).',
      content: {
        'application/json': {
          schema: z.object({
            received: z.literal(true),
            outcome: z.enum(['applied', 'duplicate', 'unknown']),
            package: z.number().int().nullable(),
            status: z.string().nullable(),
          }),
          example: { received: true, outcome: 'applied', package: 3, status: 'paid' },
        },
      },
    },
    400: agileError(
      'Bad or missing signature, stale, or not a Stripe event.',
      'webhook_rejected',
      'No signatures found matching the expected signature',
    ),
    503: agileError('Stripe could not be re-read: Stripe retries the delivery.', 'unavailable', 'stripe is unavailable'),
  },
})

export const fatturaRoute = createRoute({
  method: 'get',
  path: '/billing/fattura/{packageId}',
  tags: [TAG],
  summary: 'The package’s FatturaPA XML as a download (or ?format=pdf)',
  security: AUTHENTICATED,
  request: {
    params: z.object({ packageId: packageNumber('packageId') }),
    query: z.object({ format: z.enum(['xml', 'pdf']).default('xml') }),
  },
  responses: {
    200: {
      description: 'The XML (Content-Disposition: attachment; filename=<FatturaPA file name>) or its PDF.',
      content: {
        'application/xml': { schema: z.string(), example: '<?xml version="1.0" encoding="UTF-8"?><p:FatturaElettronica …' },
        'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    400: agileError('packageId is not 1 to 8.', 'validation', 'packageId: must be a package number from 1 to 8'),
    ...AUTH_ERRORS,
    404: agileError('No invoice yet for this package.', 'not_found', 'billing invoice 1 not found'),
  },
})

const SettingSchema = z.object({
  value: z.string().nullable().openapi({ description: 'null for secrets (write-only) and unset keys.' }),
  label: z.string(),
  source: z.enum(['db', 'env', 'empty']),
  secret: z.boolean(),
  set: z.boolean(),
})
const SettingsSchema = z
  .object({
    fattura_ready: z.boolean(),
    bonifico_ready: z.boolean(),
    fattura_api_key_set: z.boolean(),
    settings: z.record(z.string(), SettingSchema),
  })
  .openapi('BillingSettings')

const OPERATOR = 'Role admin of the billing operator tenant (`npx varco billing operator --tenant <id>` or BILLING_OPERATOR_TENANT_ID).'

export const getSettingsRoute = createRoute({
  method: 'get',
  path: '/billing/settings',
  tags: [TAG],
  summary: 'The platform’s billing settings, each with label and source (db | env | empty)',
  description: OPERATOR,
  security: AUTHENTICATED,
  responses: { 200: ok('The settings.', SettingsSchema, SETTINGS_EXAMPLE), ...AUTH_ERRORS },
})

export const putSettingsRoute = createRoute({
  method: 'put',
  path: '/billing/settings',
  tags: [TAG],
  summary: 'Set (or clear with null / "") billing settings; the database wins over the environment',
  description: `P.IVA, CAP, provincia, IBAN, BIC and regime are validated; every change is written in one transaction, or none. fattura_api_key is write-only and sealed at rest. ${OPERATOR}`,
  security: AUTHENTICATED,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.record(z.string(), z.union([z.string(), z.boolean(), z.null()])),
          example: {
            cedente_piva: '07776161213',
            cedente_nome: 'Agile Technology SRL',
            cedente_indirizzo: 'Via Roma 1',
            cedente_cap: '80100',
            cedente_comune: 'Napoli',
            cedente_provincia: 'NA',
            cedente_regime: 'RF01',
            bonifico_iban: 'IT60X0542811101000000123456',
            bonifico_bic: 'SELBIT2BXXX',
            bonifico_beneficiario: '231 Agile',
          },
        },
      },
    },
  },
  responses: { 200: ok('The settings now.', SettingsSchema, SETTINGS_EXAMPLE), 400: INVALID, ...AUTH_ERRORS },
})

export const transferRoute = createRoute({
  method: 'post',
  path: '/billing/packages/{n}/paid-by-transfer',
  tags: [TAG],
  summary: 'Record a bank transfer: the package is paid (once) and invoiced like a card payment',
  description: OPERATOR,
  security: AUTHENTICATED,
  request: {
    params: z.object({ n: PackageNumberParam }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              tenant_id: z.string().uuid().optional().openapi({ description: 'The paying tenant (default: the operator’s own).' }),
              riferimento: z.string().trim().min(1).max(64).openapi({ example: 'CRO 0123456789', description: 'The transfer’s CRO/TRN.' }),
              paid_at: z.string().datetime({ offset: true }).optional(),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    200: ok('Paid now, or it already was.', z.object({ outcome: z.enum(['paid', 'already']), package: z.number().int() }), {
      outcome: 'paid',
      package: 3,
    }),
    400: INVALID,
    ...AUTH_ERRORS,
    409: agileError('Transfers are not configured, or the package is paid.', 'conflict', 'the package is paid already'),
  },
})

export const complianceRoute = createRoute({
  method: 'post',
  path: '/billing/cron/check-compliance',
  tags: [TAG],
  summary: 'Run the compliance check now (X-Cron-Secret); the daily Cron Trigger runs the same job',
  request: { headers: z.object({ 'x-cron-secret': z.string().optional() }) },
  responses: {
    200: ok(
      'What changed.',
      z.object({
        checked: z.number().int(),
        expired: z.number().int(),
        suspended: z.number().int(),
        reactivated: z.number().int(),
        unchanged: z.number().int(),
        raced: z.number().int(),
      }),
      { checked: 42, expired: 1, suspended: 2, reactivated: 1, unchanged: 38, raced: 0 },
    ),
    401: agileError('Missing or wrong X-Cron-Secret (or CRON_SECRET is not set).', 'auth.invalid_api_key', 'invalid cron secret'),
  },
})
