/**
 * The composition root: the only place that knows every adapter. `buildDeps(env, over)` parses the
 * environment (failing fast on bad config) and wires adapters to ports; tests pass `over` with fakes.
 * Deps are memoised per env object, so one isolate/process opens one database client.
 * @module
 */

import { createQueuePublisher, isQueueProducer } from '../adapters/cf-queue/index.ts'
import { webCryptoApiKeys } from '../adapters/crypto/api-keys.ts'
import { createJwtVerifier } from '../adapters/crypto/jwt.ts'
import { createEchoAdapter } from '../adapters/echo/index.ts'
import { createInvoiceGenerator } from '../adapters/fatturapa/generator.ts'
import { createKafkaRestPublisher, createKafkaRestSource } from '../adapters/kafka-rest/index.ts'
import {
  type Db,
  isRemoteDbUrl,
  libsqlImportRepo,
  libsqlInvoiceSequence,
  libsqlJobRunRepo,
  libsqlOutboxRepo,
  libsqlPaymentRepo,
  libsqlPing,
  libsqlServiceRepo,
  libsqlTenantRepo,
  migrate,
  openDb,
} from '../adapters/libsql/index.ts'
import { jsonLogger } from '../adapters/log/json-logger.ts'
import { createOnpayAdapter } from '../adapters/onpay/index.ts'
import { createPagopaAdapter } from '../adapters/pagopa/index.ts'
import { createPdfRenderer } from '../adapters/pdf/index.ts'
import { createRevolutAdapter } from '../adapters/revolut/index.ts'
import { createStripeAdapter } from '../adapters/stripe/index.ts'
import { createWebhookPublisher } from '../adapters/webhook/index.ts'
import type { Tenant } from '../core/tenant.ts'
import type { IssueInvoiceDeps } from '../core/use-cases/issue-invoice.ts'
import type { ApiKeyCodec } from '../ports/api-key-codec.port.ts'
import type { Clock } from '../ports/clock.port.ts'
import type { PingDatabase } from '../ports/db-health.port.ts'
import type { DocumentRenderer } from '../ports/document-renderer.port.ts'
import type { EventPublisher } from '../ports/event-publisher.port.ts'
import type { NewId } from '../ports/id-gen.port.ts'
import type { ImportRepo } from '../ports/import-repo.port.ts'
import type { IntermediaryProbe } from '../ports/intermediary-probe.port.ts'
import type { JobRunRepo } from '../ports/job-run-repo.port.ts'
import type { Logger } from '../ports/logger.port.ts'
import type { OutboxRepo } from '../ports/outbox.port.ts'
import type { PaymentEventSource } from '../ports/payment-event-source.port.ts'
import type { Creditor, PaymentProvider } from '../ports/payment-provider.port.ts'
import type { PaymentRepo } from '../ports/payment-repo.port.ts'
import type { ServiceRepo } from '../ports/service-repo.port.ts'
import type { TenantRepo } from '../ports/tenant-repo.port.ts'
import type { VerifyToken } from '../ports/token-verifier.port.ts'
import type { XsdValidator } from '../ports/xsd-validator.port.ts'
import { createSandbox, type Sandbox, sandboxCredentials } from '../sandbox/index.ts'
import { type Config, ConfigError, parseConfig } from './env.ts'
import { instrumentPayments, instrumentProvider } from './instrument.ts'
import { type MetricsRegistry, processMetrics } from './metrics.ts'
import { buildPaymentsV2, type PaymentsV2Wiring } from './routes/payment-v2-deps.ts'
import { APP_ID } from './version.ts'

export type Deps = {
  readonly config: Config
  readonly db: Db
  readonly dbKind: 'file' | 'memory' | 'remote'
  /** Resolves once migrations are applied; every request awaits it (instant after the first). */
  readonly ready: Promise<void>
  readonly tenants: TenantRepo
  readonly services: ServiceRepo
  readonly jobRuns: JobRunRepo
  readonly pingDb: PingDatabase
  readonly apiKeys: ApiKeyCodec
  readonly verifyToken: VerifyToken
  readonly clock: Clock
  readonly newId: NewId
  readonly logger: Logger
  readonly sandbox: Sandbox | null
  readonly intermediaries: readonly IntermediaryProbe[]
  readonly payments: PaymentRepo
  /** CSV imports of dovuti, their row errors and external ids. */
  readonly imports: ImportRepo
  /** Printable PDFs of a payment (notice, receipt). */
  readonly documents: DocumentRenderer
  readonly metrics: MetricsRegistry
  /** Intermediary name (a service's `intermediary`) → its adapter. */
  readonly providers: Readonly<Record<string, PaymentProvider>>
  readonly creditorOf: (tenant: Tenant) => Creditor
  readonly appId: string
  readonly publishers: readonly string[]
  readonly publicUrl: string
  /** Emitted events waiting for delivery, read by the dispatcher. */
  readonly outbox: OutboxRepo
  /** Publisher name (as in VARCO_PUBLISHERS) → its adapter. */
  readonly eventPublishers: Readonly<Record<string, EventPublisher>>
  /** The Kafka `payments` consumer when KAFKA_CONSUME=true, else null. */
  readonly paymentEventSource: PaymentEventSource | null
  /** Agile payments v2: SecretBox, provider configs, links/mandates storage, tenant billing, per-tenant providers. */
  readonly paymentsV2: PaymentsV2Wiring
  /**
   * The FatturaPA XSD validator. Chosen by the runtime's entry point, not here, because each pulls in
   * its own libxml2: adapters/fatturapa/xsd/node.ts (through edge/local/xsd.ts: Node, Deno, the CLI),
   * edge.ts (edge/worker.ts: Workers).
   */
  readonly xsd: () => Promise<XsdValidator>
  /** FatturaPA issuing: the ProgressivoInvio sequence, the XML generator and the XSD validator. */
  readonly fatturapa: IssueInvoiceDeps
}

export type RuntimeDeps = Pick<Deps, 'xsd'>

const NO_XSD: Deps['xsd'] = () => Promise.reject(new ConfigError('no FatturaPA XSD validator: the entry point must pass one (Deps.xsd)'))

export type RawEnv = Readonly<Record<string, unknown>>

const cache = new WeakMap<object, Deps>()

/** Deps for this env object, built once. */
export function depsFor(env: RawEnv, runtime?: RuntimeDeps): Deps {
  let deps = cache.get(env)
  if (!deps) {
    deps = buildDeps(env, runtime ?? {})
    cache.set(env, deps)
  }
  return deps
}

export function buildDeps(env: RawEnv, over: Partial<Deps> = {}): Deps {
  const config = over.config ?? parseConfig(env)
  const clock: Clock = over.clock ?? (() => new Date())
  const newId: NewId = over.newId ?? (() => crypto.randomUUID())
  const logger = over.logger ?? jsonLogger({ level: config.LOG_LEVEL })
  const db = over.db ?? openDb({ url: config.VARCO_DB_URL, authToken: config.VARCO_DB_AUTH_TOKEN })
  const url = config.VARCO_DB_URL
  const dbKind = isRemoteDbUrl(url) ? 'remote' : url === ':memory:' || url === 'file::memory:' ? 'memory' : 'file'
  const ready =
    over.ready ??
    migrate(db, clock).then(
      (r) => {
        if (r.applied.length > 0) logger.info('database migrated', { applied: r.applied, version: r.current })
      },
      (e: unknown) => {
        logger.error('database migration failed', { error: e })
        throw e
      },
    )
  // Keep an unobserved rejection from crashing the process; requests still see it through `ready`.
  ready.catch(() => {})

  const sandbox = over.sandbox !== undefined ? over.sandbox : config.sandbox ? createSandbox(config.VARCO_PUBLIC_URL) : null
  const intermediaryFetch = sandbox?.fetch ?? fetch
  const echoUrl = sandbox ? sandbox.baseUrlOf('echo') : config.ECHO_API_URL
  const intermediaries = over.intermediaries ?? (echoUrl ? [createEchoAdapter({ baseUrl: echoUrl, fetch: intermediaryFetch })] : [])

  const metrics = over.metrics ?? processMetrics
  const adapters: Record<string, PaymentProvider> = over.providers ?? intermediaryAdapters(config, sandbox, intermediaryFetch, clock)
  const providers = Object.fromEntries(Object.entries(adapters).map(([name, p]) => [name, instrumentProvider(name, p, metrics)]))

  return {
    config,
    db,
    dbKind,
    ready,
    tenants: over.tenants ?? libsqlTenantRepo(db),
    services: over.services ?? libsqlServiceRepo(db),
    jobRuns: over.jobRuns ?? libsqlJobRunRepo(db),
    pingDb: over.pingDb ?? libsqlPing(db),
    apiKeys: over.apiKeys ?? webCryptoApiKeys,
    verifyToken:
      over.verifyToken ??
      createJwtVerifier({
        secret: config.JWT_SECRET,
        jwksUrl: config.JWT_JWKS_URL,
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        clock,
      }),
    clock,
    newId,
    logger,
    sandbox,
    intermediaries,
    payments: instrumentPayments(over.payments ?? libsqlPaymentRepo(db), metrics),
    imports: over.imports ?? libsqlImportRepo(db),
    documents: over.documents ?? createPdfRenderer(),
    metrics,
    providers,
    creditorOf:
      over.creditorOf ??
      ((tenant) => ({
        tenantId: tenant.id,
        taxId: tenant.taxIdentificationNumber,
        name: tenant.name,
        segregationCode: tenant.pagopa?.segregationCode ?? config.PAGOPA_SEGREGATION_CODE,
        auxDigit: tenant.pagopa?.auxDigit ?? config.PAGOPA_AUX_DIGIT,
        postalAccount: tenant.pagopa ? tenant.pagopa.postalAccount : (config.PAGOPA_POSTAL_ACCOUNT ?? null),
        iban: tenant.pagopa?.iban ?? config.PAGOPA_IBAN,
      })),
    appId: APP_ID,
    publishers: over.publishers ?? config.VARCO_PUBLISHERS,
    publicUrl: config.VARCO_PUBLIC_URL.replace(/\/+$/, ''),
    outbox: over.outbox ?? libsqlOutboxRepo(db),
    paymentsV2: over.paymentsV2 ?? buildPaymentsV2({ config, db, sandbox, fetch: intermediaryFetch, clock, logger }),
    xsd: over.xsd ?? NO_XSD,
    fatturapa: over.fatturapa ?? {
      sequence: libsqlInvoiceSequence(db),
      generator: createInvoiceGenerator(),
      xsd: over.xsd ?? NO_XSD,
    },
    ...eventChannels(env, config, { sandbox, clock, logger }, over),
  }
}

/**
 * Events out (VARCO_PUBLISHERS: kafka, webhook, queue) and in (KAFKA_CONSUME). Without
 * KAFKA_REST_URL the sandbox's REST Proxy simulator stands in for Kafka (parseConfig refuses that
 * outside the sandbox). The queue publisher needs the PAYMENTS_OUT producer binding.
 */
function eventChannels(
  env: RawEnv,
  config: Config,
  ctx: { readonly sandbox: Sandbox | null; readonly clock: Clock; readonly logger: Logger },
  over: Partial<Deps>,
): Pick<Deps, 'eventPublishers' | 'paymentEventSource'> {
  const kafka = {
    baseUrl: config.KAFKA_REST_URL ?? ctx.sandbox?.baseUrlOf('kafka-rest') ?? '',
    username: config.KAFKA_USERNAME,
    password: config.KAFKA_PASSWORD,
    topic: config.KAFKA_TOPIC,
    fetch: ctx.sandbox?.fetch ?? fetch,
  }
  const make = (name: string): EventPublisher => {
    switch (name) {
      case 'kafka':
        return createKafkaRestPublisher({
          ...kafka,
          clusterId: config.KAFKA_CLUSTER_ID ?? (config.KAFKA_REST_URL ? undefined : sandboxCredentials.kafkaRest.clusterId),
        })
      case 'webhook':
        return createWebhookPublisher({ url: config.WEBHOOK_URL ?? '', secret: config.WEBHOOK_SECRET ?? '', clock: ctx.clock })
      case 'queue': {
        const binding = env['PAYMENTS_OUT']
        if (!isQueueProducer(binding)) {
          throw new ConfigError('invalid configuration: PAYMENTS_OUT: a Queue producer binding is required when VARCO_PUBLISHERS has queue')
        }
        return createQueuePublisher(binding)
      }
      default:
        throw new ConfigError(`invalid configuration: VARCO_PUBLISHERS: unknown publisher '${name}'`)
    }
  }
  return {
    eventPublishers: over.eventPublishers ?? Object.fromEntries((over.publishers ?? config.VARCO_PUBLISHERS).map((n) => [n, make(n)])),
    paymentEventSource:
      over.paymentEventSource !== undefined
        ? over.paymentEventSource
        : config.KAFKA_CONSUME
          ? createKafkaRestSource({
              ...kafka,
              group: config.KAFKA_CONSUMER_GROUP,
              format: config.KAFKA_CONSUMER_FORMAT,
              logger: ctx.logger,
            })
          : null,
  }
}

/**
 * The intermediary adapters with credentials (or all of them, pointed at the simulators, in the
 * sandbox). An intermediary without credentials is absent: its payments wait, and the log says why.
 */
function intermediaryAdapters(
  config: Config,
  sandbox: Sandbox | null,
  fetch: typeof globalThis.fetch,
  clock: Clock,
): Record<string, PaymentProvider> {
  const url = (name: string, configured: string) => (sandbox ? sandbox.baseUrlOf(name) : configured)
  const out: Record<string, PaymentProvider> = {}
  const pagopaKey = sandbox ? sandboxCredentials.pagopa.subscriptionKey : config.PAGOPA_API_KEY
  if (pagopaKey)
    out['pagopa'] = createPagopaAdapter({ baseUrl: url('pagopa', config.PAGOPA_API_URL), subscriptionKey: pagopaKey, fetch, clock })
  const stripeKey = sandbox ? sandboxCredentials.stripe.secretKey : config.STRIPE_SECRET_KEY
  const stripeHook = sandbox ? sandboxCredentials.stripe.webhookSecret : config.STRIPE_WEBHOOK_SECRET
  if (stripeKey && stripeHook) {
    out['stripe'] = createStripeAdapter({
      baseUrl: url('stripe', config.STRIPE_API_URL),
      secretKey: stripeKey,
      webhookSecret: stripeHook,
      fetch,
      clock,
    })
  }
  const revolutKey = sandbox ? sandboxCredentials.revolut.secretKey : config.REVOLUT_API_KEY
  const revolutHook = sandbox ? sandboxCredentials.revolut.webhookSecret : config.REVOLUT_WEBHOOK_SECRET
  if (revolutKey && revolutHook) {
    out['revolut'] = createRevolutAdapter({
      baseUrl: url('revolut', config.REVOLUT_API_URL),
      secretKey: revolutKey,
      webhookSecret: revolutHook,
      ...(config.REVOLUT_API_VERSION ? { apiVersion: config.REVOLUT_API_VERSION } : {}),
      fetch,
      clock,
    })
  }
  const onpay = sandbox
    ? { apiKey: sandboxCredentials.onpay.key, gateway: 'nexi' as const, ...sandboxCredentials.onpay.gateways.nexi }
    : config.ONPAY_API_KEY && config.ONPAY_GATEWAY_API_KEY
      ? {
          apiKey: config.ONPAY_API_KEY,
          gateway: config.ONPAY_GATEWAY,
          gatewayApiKey: config.ONPAY_GATEWAY_API_KEY,
          ...(config.ONPAY_GATEWAY_SECRET_KEY ? { gatewaySecretKey: config.ONPAY_GATEWAY_SECRET_KEY } : {}),
          ...(config.ONPAY_GATEWAY_USERNAME ? { gatewayUsername: config.ONPAY_GATEWAY_USERNAME } : {}),
          ...(config.ONPAY_GATEWAY_PASSWORD ? { gatewayPassword: config.ONPAY_GATEWAY_PASSWORD } : {}),
          ...(config.ONPAY_GATEWAY_NOTIFICATION_KEY ? { gatewayNotificationKey: config.ONPAY_GATEWAY_NOTIFICATION_KEY } : {}),
        }
      : null
  if (onpay)
    out['onpay'] = createOnpayAdapter({
      baseUrl: sandbox ? `${sandbox.baseUrlOf('onpay')}/api` : config.ONPAY_API_URL,
      ...onpay,
      fetch,
      clock,
    })
  return out
}
