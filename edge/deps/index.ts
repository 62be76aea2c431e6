/**
 * The composition root: the only place that knows every adapter. `buildDeps(env, over)` parses the
 * environment (failing fast on bad config) and wires adapters to ports, each dependency built once;
 * tests pass `over` with fakes. Deps are memoised per env object, so one isolate/process opens one
 * database client and builds every use case's dependencies once. The parts live beside this file
 * (storage, providers, events, payments-v2, fatturapa, sdi, billing) and never import it back.
 * @module
 */

import {
  cachedApiKeyStore,
  cachedIntermediaryCredentials,
  cachedPlatformRepo,
  cachedServiceRepo,
  cachedTenantRepo,
} from '../../adapters/cache/cached-repos.ts'
import { type ReadCache, readCache } from '../../adapters/cache/read-cache.ts'
import { platformApiKeys, webCryptoApiKeys } from '../../adapters/crypto/api-keys.ts'
import { createJwtVerifier } from '../../adapters/crypto/jwt.ts'
import {
  type Db,
  libsqlApiKeyStore,
  libsqlAuthFailureCounter,
  libsqlImportRepo,
  libsqlJobRunRepo,
  libsqlOutboxRepo,
  libsqlPaymentRepo,
  libsqlPing,
  libsqlPlatformRepo,
  libsqlSdiOutboxRepo,
  libsqlSdiRepo,
  libsqlServiceRepo,
  libsqlTenantRepo,
  libsqlTenantsWithoutIban,
  libsqlWebhookInbox,
} from '../../adapters/libsql/index.ts'
import { libsqlIntermediaryCredentialsRepo } from '../../adapters/libsql/intermediary-credentials-repo.ts'
import { jsonLogger } from '../../adapters/log/json-logger.ts'
import { createPdfRenderer } from '../../adapters/pdf/index.ts'
import { uuidV7 } from '../../adapters/shared/uuid-v7.ts'
import type { BillingDeps } from '../../core/billing/deps.ts'
import type { RtdDeps } from '../../core/rtd/deps.ts'
import type { SdiDeps } from '../../core/sdi/deps.ts'
import type { Tenant } from '../../core/tenant.ts'
import type { IssueInvoiceDeps } from '../../core/use-cases/issue-invoice.ts'
import type { ApiKeyCodec } from '../../ports/api-key-codec.port.ts'
import type { ApiKeyStore } from '../../ports/api-key-store.port.ts'
import type { AuthFailureCounter } from '../../ports/auth-failure-counter.port.ts'
import type { Clock } from '../../ports/clock.port.ts'
import type { ListTenantsWithoutIban } from '../../ports/config-audit.port.ts'
import type { PingDatabase } from '../../ports/db-health.port.ts'
import type { DocumentRenderer } from '../../ports/document-renderer.port.ts'
import type { NewId } from '../../ports/id-gen.port.ts'
import type { ImportRepo } from '../../ports/import-repo.port.ts'
import type { IntermediaryCredentialsRepo } from '../../ports/intermediary-credentials-repo.port.ts'
import type { IntermediaryProbe } from '../../ports/intermediary-probe.port.ts'
import type { JobRunRepo } from '../../ports/job-run-repo.port.ts'
import type { LinkSigner } from '../../ports/link-signer.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { OutboxRepo } from '../../ports/outbox.port.ts'
import type { Creditor, PaymentProvider } from '../../ports/payment-provider.port.ts'
import type { PaymentRepo } from '../../ports/payment-repo.port.ts'
import type { PlatformRepo } from '../../ports/platform-repo.port.ts'
import type { SdiRepo } from '../../ports/sdi-repo.port.ts'
import type { SdiAccountSetup, SdiTransmitter } from '../../ports/sdi-transmitter.port.ts'
import type { ServiceRepo } from '../../ports/service-repo.port.ts'
import type { TenantRepo } from '../../ports/tenant-repo.port.ts'
import type { VerifyToken } from '../../ports/token-verifier.port.ts'
import type { WebhookInbox } from '../../ports/webhook-inbox.port.ts'
import { createSandbox, type Sandbox } from '../../sandbox/index.ts'
import { type Config, parseConfig } from '../env.ts'
import { instrumentPayments, instrumentProvider } from '../instrument.ts'
import { type MetricsRegistry, processMetrics } from '../metrics.ts'
import { APP_ID } from '../version.ts'
import { buildBilling } from './billing.ts'
import { type EventChannels, eventChannels } from './events.ts'
import { buildFatturapa, type LoadXsd, NO_XSD } from './fatturapa.ts'
import { configuredLinkSigner } from './links.ts'
import { buildPaymentsV2, type PaymentsV2, type PaymentsV2Wiring, paymentsV2Deps } from './payments-v2.ts'
import { creditorFrom, intermediaryAdapters, intermediaryProbes } from './providers.ts'
import { buildRtd, type RtdDisk } from './rtd.ts'
import { buildSdi, sdiTransmitter } from './sdi.ts'
import { realInspector } from './sdi-inspect.ts'
import { openStorage } from './storage.ts'
import { tenantIntermediaries } from './tenant-intermediaries.ts'

export type Deps = EventChannels & {
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
  /** Platforms (an Opencity Core) and their `vp_…` keys. */
  readonly platforms: PlatformRepo
  readonly platformKeys: ApiKeyCodec
  /** Rotation and revocation of tenant and platform keys (through the read cache's write path). */
  readonly keyStores: { readonly tenant: ApiKeyStore; readonly platform: ApiKeyStore }
  /** Shared failed-authentication counters (VARCO_AUTH_FAIL_STORE=database), or null: in memory only. */
  readonly authFailures: AuthFailureCounter | null
  /** Keys, platform keys, tenant rows and their intermediary credentials, cached (VARCO_AUTH_CACHE_TTL_MS). */
  readonly readCache: ReadCache
  readonly verifyToken: VerifyToken
  readonly clock: Clock
  readonly newId: NewId
  readonly logger: Logger
  readonly sandbox: Sandbox | null
  readonly intermediaries: readonly IntermediaryProbe[]
  readonly payments: PaymentRepo
  /** Incoming webhook deliveries already processed (every API's). */
  readonly inbox: WebhookInbox
  /** CSV imports of dovuti, their row errors and external ids. */
  readonly imports: ImportRepo
  /** Printable PDFs of a payment (notice, receipt). */
  readonly documents: DocumentRenderer
  readonly metrics: MetricsRegistry
  /** Intermediary name (a service's `intermediary`) → its adapter (per tenant for Stripe, Revolut, OnPay: ./tenant-intermediaries.ts). */
  readonly providers: Readonly<Record<string, PaymentProvider>>
  /** The tenants' own intermediary credentials (sealed), from the tenant form. */
  readonly intermediaryCredentials: IntermediaryCredentialsRepo
  readonly creditorOf: (tenant: Tenant) => Creditor
  /** Active pagoPA tenants with no accredit IBAN (for /status; they matter only without a fallback IBAN). */
  readonly tenantsWithoutIban: ListTenantsWithoutIban
  readonly appId: string
  readonly publishers: readonly string[]
  readonly publicUrl: string
  /** Signs and verifies the capability links of payments (update, online payment, notice, landing, receipt). */
  readonly linkSigner: LinkSigner
  /** Emitted events waiting for delivery, read by the dispatcher. */
  readonly outbox: OutboxRepo
  /** SDI transmissions and their notifications; each change's event fans out to `publishers`. */
  readonly sdiStore: SdiRepo
  /** The SDI transmission events waiting for delivery (the dispatcher's second outbox). */
  readonly sdiOutbox: OutboxRepo
  /** The SDI service: transmissions, the OpenAPI.it adapter (null when not configured), validation. */
  readonly sdi: SdiDeps
  /** The OpenAPI.it adapter (also its account set-up), or null. */
  readonly sdiTransmitter: (SdiTransmitter & SdiAccountSetup) | null
  /** Agile payments v2: the use-case deps (providers per tenant, storage, SecretBox, …) and tenant billing. */
  readonly paymentsV2: PaymentsV2
  /** The FatturaPA XSD validator, passed by the runtime's entry point (see ./fatturapa.ts). */
  readonly xsd: LoadXsd
  /** FatturaPA issuing: the ProgressivoInvio sequence, the XML generator and the XSD validator. */
  readonly fatturapa: IssueInvoiceDeps
  /** Agile billing: subscriptions and packages, Stripe Checkout, package invoices (to SDI), settings. */
  readonly billing: BillingDeps
  /** RTD Centro Stella: submissions, the sender APIs per tenant, openpgp, local disk where there is one. */
  readonly rtd: RtdDeps
}

/** What tests and entry points may replace. Payments v2 is replaced below its use-case deps (the wiring). */
export type DepsOverrides = Partial<Omit<Deps, 'paymentsV2'>> & {
  readonly paymentsV2?: PaymentsV2Wiring
  /** Local disk for RTD files (Node, Deno); absent on Workers. */
  readonly rtdDisk?: RtdDisk | null
  /** How this process dies at once (Node, Deno: SIGKILL to itself), for VARCO_FAULT_POINT only; absent on Workers. */
  readonly crash?: () => void
  /** The fetch of the event sinks (Node and Deno in production: SSRF-guarded at connect time); default the global fetch. */
  readonly sinkFetch?: typeof fetch
}

export type RuntimeDeps = Pick<DepsOverrides, 'xsd' | 'rtdDisk' | 'crash'>

export type RawEnv = Readonly<Record<string, unknown>>

const cache = new WeakMap<object, Deps>()

/** The Workers mTLS certificate binding `RTD_MTLS` (its fetch presents pagoPA's client certificate), if bound. */
function mtlsBinding(env: RawEnv): typeof fetch | null {
  const b = env['RTD_MTLS'] as { fetch?: unknown } | undefined
  return b && typeof b.fetch === 'function' ? (b.fetch as typeof fetch).bind(b) : null
}

/** Deps for this env object, built once. */
export function depsFor(env: RawEnv, runtime?: RuntimeDeps): Deps {
  let deps = cache.get(env)
  if (!deps) {
    deps = buildDeps(env, runtime ?? {})
    cache.set(env, deps)
  }
  return deps
}

export function buildDeps(env: RawEnv, over: DepsOverrides = {}): Deps {
  const config = over.config ?? parseConfig(env)
  const clock: Clock = over.clock ?? (() => new Date())
  // Time-ordered (v7): our ids are primary keys, and a new key on the index's last page shares it with the commit's others.
  const newId: NewId = over.newId ?? uuidV7(() => clock().getTime())
  const logger = over.logger ?? jsonLogger({ level: config.LOG_LEVEL })
  const { db, dbKind, ready } = openStorage(config, { clock, logger }, over)

  const xsd = over.xsd ?? NO_XSD
  const sandbox =
    over.sandbox !== undefined
      ? over.sandbox
      : config.sandbox
        ? createSandbox(config.VARCO_PUBLIC_URL, fetch, {
            inspectInvoice: realInspector(xsd, clock),
            sdiAutoDeliverMs: config.VARCO_SANDBOX_SDI_DELIVERY_MS,
            stripeClock: clock,
          })
        : null
  const intermediaryFetch = sandbox?.fetch ?? fetch
  const metrics = over.metrics ?? processMetrics
  const paymentsV2Wiring = over.paymentsV2 ?? buildPaymentsV2({ config, db, sandbox, fetch: intermediaryFetch, clock, logger })
  const payments = instrumentPayments(over.payments ?? libsqlPaymentRepo(db), metrics)
  // Another process writing the same embedded file (the CLI) is seen through SQLite's data_version.
  const probe = dbKind === 'file' ? () => db.first('PRAGMA data_version').then((r) => r?.['data_version']) : null
  const cache = readCache({ ttlMs: config.VARCO_AUTH_CACHE_TTL_MS, clock, probe })
  const intermediaryCredentials =
    over.intermediaryCredentials ?? cachedIntermediaryCredentials(libsqlIntermediaryCredentialsRepo(db), cache)
  const adapters =
    over.providers ??
    tenantIntermediaries({
      config,
      sandbox,
      fetch: intermediaryFetch,
      clock,
      logger,
      secretBox: paymentsV2Wiring.secretBox,
      credentials: intermediaryCredentials,
      payments,
      deployment: intermediaryAdapters(config, sandbox, intermediaryFetch, clock),
    })
  const providers = Object.fromEntries(Object.entries(adapters).map(([name, p]) => [name, instrumentProvider(name, p, metrics)]))

  const tenants = over.tenants ?? cachedTenantRepo(libsqlTenantRepo(db), cache)
  const creditorOf = over.creditorOf ?? creditorFrom(config)
  const inbox = over.inbox ?? libsqlWebhookInbox(db)
  const publicUrl = config.VARCO_PUBLIC_URL.replace(/\/+$/, '')
  const publishers = over.publishers ?? config.VARCO_PUBLISHERS
  const sdiStore = over.sdiStore ?? libsqlSdiRepo(db, { publishers })
  const sdiAdapter = over.sdiTransmitter !== undefined ? over.sdiTransmitter : sdiTransmitter(config, sandbox, intermediaryFetch, clock)
  const sdi = over.sdi ?? buildSdi({ store: sdiStore, transmitter: sdiAdapter, xsd, clock, newId, logger, inbox, metrics })
  const fatturapa = over.fatturapa ?? buildFatturapa(db, xsd)

  return {
    config,
    db,
    dbKind,
    ready,
    tenants,
    services: over.services ?? cachedServiceRepo(libsqlServiceRepo(db), cache),
    jobRuns: over.jobRuns ?? libsqlJobRunRepo(db),
    pingDb: over.pingDb ?? libsqlPing(db),
    apiKeys: over.apiKeys ?? webCryptoApiKeys,
    platforms: over.platforms ?? cachedPlatformRepo(libsqlPlatformRepo(db), cache),
    readCache: cache,
    authFailures:
      over.authFailures !== undefined
        ? over.authFailures
        : (config.VARCO_AUTH_FAIL_STORE ?? (dbKind === 'remote' ? 'database' : 'memory')) === 'database'
          ? libsqlAuthFailureCounter(db)
          : null,
    keyStores: over.keyStores ?? {
      tenant: cachedApiKeyStore(libsqlApiKeyStore(db, 'tenant'), cache),
      platform: cachedApiKeyStore(libsqlApiKeyStore(db, 'platform'), cache),
    },
    platformKeys: over.platformKeys ?? platformApiKeys,
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
    intermediaries: over.intermediaries ?? intermediaryProbes(config, sandbox, intermediaryFetch),
    payments,
    inbox,
    imports: over.imports ?? libsqlImportRepo(db),
    documents: over.documents ?? createPdfRenderer(),
    metrics,
    providers,
    intermediaryCredentials,
    creditorOf,
    tenantsWithoutIban: over.tenantsWithoutIban ?? libsqlTenantsWithoutIban(db),
    appId: APP_ID,
    publishers,
    publicUrl,
    linkSigner: over.linkSigner ?? configuredLinkSigner(config),
    outbox: over.outbox ?? libsqlOutboxRepo(db),
    sdiStore,
    sdiOutbox: over.sdiOutbox ?? libsqlSdiOutboxRepo(db),
    sdiTransmitter: sdiAdapter,
    sdi,
    paymentsV2: paymentsV2Deps(paymentsV2Wiring, { clock, newId, logger, publicUrl, inbox, tenants, creditorOf }),
    xsd,
    fatturapa,
    billing:
      over.billing ??
      buildBilling({
        config,
        db,
        sandbox,
        fetch: intermediaryFetch,
        clock,
        logger,
        inbox,
        sdi,
        invoices: fatturapa,
        secrets: paymentsV2Wiring.secretBox,
        publicUrl,
        ...(over.crash ? { crash: over.crash } : {}),
      }),
    rtd:
      over.rtd ??
      buildRtd({
        config,
        db,
        sandbox,
        fetch: intermediaryFetch,
        clock,
        newId,
        logger,
        secrets: paymentsV2Wiring.secretBox,
        disk: over.rtdDisk ?? null,
        ...(mtlsBinding(env) ? { mtlsFetch: mtlsBinding(env) as typeof fetch } : {}),
      }),
    ...eventChannels(env, config, { sandbox, clock, logger, publishers, sinkFetch: over.sinkFetch }, over),
  }
}
