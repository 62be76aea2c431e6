/**
 * Configuration: every environment variable the gateway reads, parsed once by zod so that a
 * missing or malformed value fails fast with its name. README "Configuration" mirrors this list.
 * @module
 */

import { z } from 'zod'
import { SETTINGS } from '../core/billing/settings.ts'
import { outboundUrlProblem } from '../core/outbound-url.ts'
import { FAULT_POINTS } from '../ports/fault-point.port.ts'

/** The billing settings' environment names (FATTURA_CEDENTE_*, BONIFICO_*, SUCCESS_URL, …). */
export const BILLING_ENV_VARS = SETTINGS.map((d) => d.env)

/** Credentials of real intermediaries. When none is set, `npm start` defaults to the sandbox. */
export const PROVIDER_CREDENTIAL_VARS = [
  'PAGOPA_API_KEY',
  'STRIPE_SECRET_KEY',
  'REVOLUT_API_KEY',
  'ONPAY_API_KEY',
  'ECHO_API_URL',
  'OPENAPI_SDI_API_KEY',
] as const

/** OpenAPI.it hosts (spec fatturapa.md §6): OPENAPI_SDI_ENV picks them unless OPENAPI_SDI_URL / OPENAPI_OAUTH_URL are set. */
export const OPENAPI_SDI_HOSTS = {
  production: { sdi: 'https://sdi.openapi.it', oauth: 'https://oauth.openapi.com' },
  sandbox: { sdi: 'https://test.sdi.openapi.it', oauth: 'https://oauth.openapi.com' },
} as const

/** The textbook IBAN credited when PAGOPA_IBAN is unset, outside production or in the sandbox only. */
export const SAMPLE_IBAN = 'IT60X0542811101000000123456'

/** The IBAN credited for tenants without their own: PAGOPA_IBAN, else the sample one where money is not real. */
export function fallbackIban(config: Pick<Config, 'PAGOPA_IBAN' | 'VARCO_ENV' | 'sandbox'>): string | null {
  if (config.PAGOPA_IBAN) return config.PAGOPA_IBAN
  return config.VARCO_ENV !== 'production' || config.sandbox ? SAMPLE_IBAN : null
}

/** Channels events can be published to (VARCO_PUBLISHERS). */
export const PUBLISHER_NAMES = ['kafka', 'webhook', 'queue'] as const

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes')

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))

export const EnvSchema = z
  .object({
    VARCO_ENV: z.enum(['development', 'production', 'test']).default('production'),
    VARCO_DB_URL: z.string().min(1, 'is required (file:, :memory:, http(s):// or ws(s):// URL)'),
    VARCO_DB_AUTH_TOKEN: optional,
    VARCO_DB_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
    // A remote database (sqld, Turso): how long one exchange may take before the call is "unavailable" (503).
    VARCO_DB_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
    VARCO_PUBLIC_URL: z.string().url().default('http://127.0.0.1:8787'),
    VARCO_SANDBOX: bool.optional(),
    // Hardening (SECURITY.md): the largest request body of a route without its own limit (413 past it); failed
    // authentications allowed per client address and per key id within the window before 429 (0: off); whether
    // X-Forwarded-For is trusted for the client address (only behind a proxy that sets it).
    VARCO_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(2 ** 30)
      .default(2 ** 20),
    VARCO_AUTH_FAIL_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(20),
    VARCO_AUTH_FAIL_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(60),
    VARCO_TRUST_PROXY: bool.default(false),
    // Where failed authentications are counted: `memory` (per process or isolate) or `database` (shared by every
    // instance, one write per failure); default `database` on a remote database (Workers, sqld, Turso), else `memory`.
    VARCO_AUTH_FAIL_STORE: z.enum(['memory', 'database']).optional(),
    // Overload shedding on Node and Deno (edge/middleware/shed.ts; off on Workers): requests handled at once (0: off),
    // requests waiting beyond those, and how long one waits before 503 with Retry-After.
    VARCO_MAX_INFLIGHT: z.coerce.number().int().min(0).max(100_000).default(128),
    VARCO_MAX_QUEUE: z.coerce.number().int().min(0).max(1_000_000).default(1024),
    VARCO_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
    // How long API keys, platform keys, tenant rows and their credentials read by authenticated requests are
    // cached, in ms (0: off). A write in this process, or another process's commit to the same embedded file, is
    // seen at once; other instances of a remote database within this bound (README, SECURITY.md).
    VARCO_AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
    // The sandbox SDI simulator answers RC (or NS) this many ms after a send; 0: only when asked (POST /simulate/…).
    VARCO_SANDBOX_SDI_DELIVERY_MS: z.coerce.number().int().min(0).max(86_400_000).default(3000),
    JWT_SECRET: optional,
    JWT_JWKS_URL: optional.pipe(z.string().url().optional()),
    JWT_ISSUER: optional,
    JWT_AUDIENCE: optional,
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    // Unexpected errors (HTTP 500s) to Sentry with the request id (@sentry/node, @sentry/cloudflare; loaded only when set).
    SENTRY_DSN: optional.pipe(z.string().url('must be a Sentry DSN (https://<key>@<host>/<project>)').optional()),
    // Node/Deno: on SIGTERM, how long in-flight requests may take to finish before their connections are closed.
    // How long a call to pagoPA, Stripe, Revolut or OnPay on the Opencity path may take; past it the outcome is
    // "unknown" (never "failed"): the payment stays as it was and the poller asks again.
    INTERMEDIARY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    VARCO_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(8000),
    ECHO_API_URL: optional.pipe(z.string().url().optional()),
    PAGOPA_API_URL: z.string().url().default('https://api.platform.pagopa.it'),
    PAGOPA_API_KEY: optional,
    PAGOPA_SEGREGATION_CODE: z
      .string()
      .regex(/^[0-9]{2}$/, 'must be 2 digits')
      .default('01'),
    PAGOPA_AUX_DIGIT: z.enum(['0', '1', '2', '3']).default('3'),
    PAGOPA_POSTAL_ACCOUNT: optional,
    STRIPE_API_URL: z.string().url().default('https://api.stripe.com'),
    STRIPE_SECRET_KEY: optional,
    STRIPE_WEBHOOK_SECRET: optional,
    REVOLUT_API_URL: z.string().url().default('https://merchant.revolut.com'),
    REVOLUT_API_KEY: optional,
    REVOLUT_WEBHOOK_SECRET: optional,
    REVOLUT_API_VERSION: optional,
    // Payments v2 secrets at rest (adapters/crypto/secret-box.ts): VARCO_ENCRYPTION_KEYS is `kid:base64(32 bytes)[,kid:…]`,
    // VARCO_ENCRYPTION_KEY_ID the kid new values are sealed with (default: the last listed). Unset outside
    // production: a development key derived from JWT_SECRET. Unset in production: /payment/v2 answers 503.
    VARCO_ENCRYPTION_KEYS: optional,
    VARCO_ENCRYPTION_KEY_ID: optional,
    // Capability links (core/capability-link.ts): VARCO_LINK_KEYS is `kid:base64(32–64 bytes)[,kid:…]` (HMAC-SHA256),
    // VARCO_LINK_KEY_ID the kid new links are signed with (default: the last listed); a link opens while its kid is
    // listed. Unset outside production: a development key derived from JWT_SECRET. Unset in production: 503.
    VARCO_LINK_KEYS: optional,
    VARCO_LINK_KEY_ID: optional,
    // GET /update/{id} asks the intermediary at most once per payment per this many ms; else it answers from storage.
    VARCO_UPDATE_MIN_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(10_000),
    ONPAY_API_URL: z.string().url().default('https://onpay.erpweb.it/api'),
    ONPAY_API_KEY: optional,
    ONPAY_GATEWAY: z.enum(['nexi', 'multisafepay', 'volt']).default('nexi'),
    ONPAY_GATEWAY_API_KEY: optional,
    ONPAY_GATEWAY_SECRET_KEY: optional,
    ONPAY_GATEWAY_USERNAME: optional,
    ONPAY_GATEWAY_PASSWORD: optional,
    ONPAY_GATEWAY_NOTIFICATION_KEY: optional,
    // The STRIPE_*, REVOLUT_* and ONPAY_* credentials above for a tenant that has none of its own (tenant form);
    // default: on in development, test and the sandbox, off in production (edge/deps/tenant-intermediaries.ts).
    VARCO_ENV_CREDENTIALS_FALLBACK: bool.optional(),
    // Test only: the step where the process kills itself (ports/fault-point.port.ts, test/e2e/faults). Refused in production.
    VARCO_FAULT_POINT: z.enum(FAULT_POINTS).optional(),
    // The accredit IBAN of tenants without their own. Unset: a sample IBAN in development, test and the
    // sandbox (SAMPLE_IBAN); none in production, where such a tenant's pagoPA payments fail (/status lists them).
    PAGOPA_IBAN: optional.pipe(
      z
        .string()
        .regex(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/, 'must be an IBAN')
        .optional(),
    ),
    VARCO_PUBLISHERS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    // Events out and in (adapters/kafka-rest, adapters/webhook, adapters/cf-queue):
    // VARCO_DISPATCH_ON_WRITE  publish a new payment's events right after the write (else: per-minute cron only)
    // KAFKA_REST_URL           Confluent REST Proxy root (v3 produce, v2 consume); unset in the sandbox = simulator
    // KAFKA_CLUSTER_ID         v3 cluster id; discovered with GET /v3/clusters when unset
    // KAFKA_TOPIC              topic produced to and consumed from (opencity.md §5.1)
    // KAFKA_USERNAME/PASSWORD  Basic auth for the proxy (Confluent Cloud: API key/secret)
    // KAFKA_CONSUME            run the consume-kafka cron job; KAFKA_CONSUMER_GROUP its group,
    // KAFKA_CONSUMER_FORMAT    binary (robust to plain-string keys) or json, KAFKA_CONSUME_MAX events a run
    // KAFKA_CONSUMER_LOOP      Node/Deno: one long-lived consumer long-polls (the cron job stands aside while it runs)
    // KAFKA_POLL_TIMEOUT_MS    `timeout` of each records request (the proxy caps it at consumer.request.timeout.ms)
    // WEBHOOK_URL/SECRET       signed webhook receiver and its HMAC secret (16+ characters)
    // PAYMENTS_IN_QUEUE        Cloudflare Queue consumed as events in (binding for events out: PAYMENTS_OUT)
    VARCO_DISPATCH_ON_WRITE: bool.default(true),
    KAFKA_REST_URL: optional.pipe(z.string().url().optional()),
    KAFKA_CLUSTER_ID: optional,
    KAFKA_TOPIC: z.string().min(1).default('payments'),
    KAFKA_SDI_TOPIC: z.string().min(1).default('sdi'),
    KAFKA_USERNAME: optional,
    KAFKA_PASSWORD: optional,
    KAFKA_CONSUME: bool.default(false),
    KAFKA_CONSUMER_GROUP: z.string().min(1).default('varco'),
    KAFKA_CONSUMER_FORMAT: z.enum(['binary', 'json']).default('binary'),
    KAFKA_CONSUME_MAX: z.coerce.number().int().min(1).max(1000).default(50),
    KAFKA_CONSUMER_LOOP: bool.default(true),
    KAFKA_POLL_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(500),
    WEBHOOK_URL: optional.pipe(z.string().url().optional()),
    WEBHOOK_SECRET: optional,
    PAYMENTS_IN_QUEUE: z.string().min(1).default('varco-payments-in'),
    // SDI through OpenAPI.it (adapters/openapi-sdi): the account's email and API key (a token is made from
    // them), the hosts (OPENAPI_SDI_ENV, or explicit URLs), and the secret OpenAPI.it sends back in the
    // OPENAPI_SDI_CALLBACK_HEADER header of every callback (set by `npx varco sdi setup`).
    OPENAPI_SDI_ENV: z.enum(['production', 'sandbox']).default('production'),
    OPENAPI_SDI_URL: optional.pipe(z.string().url().optional()),
    OPENAPI_OAUTH_URL: optional.pipe(z.string().url().optional()),
    OPENAPI_SDI_EMAIL: optional,
    OPENAPI_SDI_API_KEY: optional,
    OPENAPI_SDI_CALLBACK_SECRET: optional.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    // Agile billing (core/billing): the package price at Stripe (else an inline €183 = €150 + 22% VAT), the
    // webhook endpoint's secret (default STRIPE_WEBHOOK_SECRET), the trial, the cron secret of
    // POST /billing/cron/check-compliance, the operator tenant whose admins manage settings and transfers,
    // and the settings' environment fallbacks (the database's values win; core/billing/settings.ts).
    STRIPE_PRICE_PACKAGE: optional.pipe(
      z
        .string()
        .regex(/^price_\w+$/, 'must be a Stripe price id (price_…)')
        .optional(),
    ),
    STRIPE_BILLING_WEBHOOK_SECRET: optional,
    BILLING_TRIAL_DAYS: z.coerce.number().int().min(0).max(365).default(30),
    CRON_SECRET: optional.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    BILLING_OPERATOR_TENANT_ID: optional,
    ...Object.fromEntries(BILLING_ENV_VARS.map((k) => [k, optional])),
    // RTD Centro Stella (core/rtd): pagoPA's host (default per tenant environment), the largest input accepted,
    // the aggregation keys held in memory before spilling to disk, and where the files live (Node/Deno).
    RTD_BASE_URL: optional.pipe(z.string().url().optional()),
    RTD_MAX_INPUT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(2 ** 50)
      .default(16 * 2 ** 30),
    RTD_MAX_KEYS: z.coerce.number().int().min(1000).max(50_000_000).default(500_000),
    RTD_DATA_DIR: optional,
    // Node: worker threads for inputs of 16 MiB and more (1: the single-threaded aggregator).
    RTD_WORKERS: z.coerce.number().int().min(1).max(16).default(1),
    // Start processing right after an upload (Node/Deno) instead of at the next minute's process-rtd run.
    RTD_PROCESS_ON_UPLOAD: bool.default(true),
    OPENAPI_SDI_CALLBACK_HEADER: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an HTTP header name')
      .default('X-Varco-Callback-Token'),
  })
  .superRefine((env, ctx) => {
    for (const name of env.VARCO_PUBLISHERS) {
      if (!(PUBLISHER_NAMES as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['VARCO_PUBLISHERS'],
          message: `unknown publisher '${name}' (use ${PUBLISHER_NAMES.join(', ')})`,
        })
      }
    }
    if (env.VARCO_PUBLISHERS.includes('webhook')) {
      if (!env.WEBHOOK_URL)
        ctx.addIssue({ code: 'custom', path: ['WEBHOOK_URL'], message: 'is required when VARCO_PUBLISHERS has webhook' })
      if (!env.WEBHOOK_SECRET || env.WEBHOOK_SECRET.length < 16) {
        ctx.addIssue({
          code: 'custom',
          path: ['WEBHOOK_SECRET'],
          message: 'of 16+ characters is required when VARCO_PUBLISHERS has webhook',
        })
      }
    }
  })
  .superRefine((env, ctx) => {
    if (env.OPENAPI_SDI_API_KEY && !env.OPENAPI_SDI_EMAIL)
      ctx.addIssue({ code: 'custom', path: ['OPENAPI_SDI_EMAIL'], message: 'is required with OPENAPI_SDI_API_KEY' })
    if (env.OPENAPI_SDI_API_KEY && !env.OPENAPI_SDI_CALLBACK_SECRET)
      ctx.addIssue({ code: 'custom', path: ['OPENAPI_SDI_CALLBACK_SECRET'], message: 'is required with OPENAPI_SDI_API_KEY' })
  })
  .superRefine((env, ctx) => {
    const e = env as Record<string, unknown>
    for (const d of SETTINGS) {
      const v = e[d.env]
      const problem = typeof v === 'string' && 'check' in d ? d.check(v) : null
      if (problem) ctx.addIssue({ code: 'custom', path: [d.env], message: problem })
    }
  })
  .superRefine((env, ctx) => {
    if (env.VARCO_ENV !== 'production') return
    if (env.VARCO_FAULT_POINT) {
      ctx.addIssue({ code: 'custom', path: ['VARCO_FAULT_POINT'], message: 'is a test hook and is refused in production' })
    }
    if (!env.JWT_SECRET && !env.JWT_JWKS_URL) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required in production (or set JWT_JWKS_URL)' })
    }
    if (env.JWT_SECRET && env.JWT_SECRET.length < 32) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'must be at least 32 characters in production' })
    }
    // Event sinks the gateway POSTs to: no loopback, private or link-local targets, https only (SSRF).
    for (const name of ['WEBHOOK_URL', 'KAFKA_REST_URL'] as const) {
      const problem = env[name] ? outboundUrlProblem(env[name]) : null
      if (problem) ctx.addIssue({ code: 'custom', path: [name], message: `${problem} (production)` })
    }
  })

export type Config = z.infer<typeof EnvSchema> & { readonly sandbox: boolean }

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}

/** Parses raw bindings/env. Throws ConfigError naming every bad variable (never its value). */
export function parseConfig(raw: Readonly<Record<string, unknown>>): Config {
  const strings: Record<string, string> = {}
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') strings[k] = v
  const parsed = EnvSchema.safeParse(strings)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`)
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`)
  }
  const env = parsed.data
  const anyProvider = PROVIDER_CREDENTIAL_VARS.some((k) => strings[k] !== undefined && strings[k] !== '')
  const sandbox = env.VARCO_SANDBOX ?? (env.VARCO_ENV === 'development' && !anyProvider)
  // Without a proxy URL, only the sandbox has a Kafka (its REST Proxy simulator).
  if ((env.VARCO_PUBLISHERS.includes('kafka') || env.KAFKA_CONSUME) && !env.KAFKA_REST_URL && !sandbox) {
    throw new ConfigError('invalid configuration: KAFKA_REST_URL: is required when VARCO_PUBLISHERS has kafka or KAFKA_CONSUME is true')
  }
  return { ...env, sandbox }
}
