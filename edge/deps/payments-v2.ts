/**
 * Wiring of payments v2: the SecretBox from VARCO_ENCRYPTION_KEYS, the libSQL repos, and the
 * per-tenant provider factory, then the use-case deps over them, built once per isolate. A tenant's
 * PaymentProvider / MandateProvider is built from its stored configuration (secrets opened here,
 * never logged) with the base URLs of STRIPE_API_URL / REVOLUT_API_URL, or the sandbox simulators,
 * and cached per isolate by tenant and configuration version, so a PUT takes effect on the next request.
 * @module
 */

import { createSecretBox, parseKeyRing, SecretBoxError, sealedKeyId } from '../../adapters/crypto/secret-box.ts'
import type { Db } from '../../adapters/libsql/client.ts'
import { libsqlPaymentsV2Repo } from '../../adapters/libsql/payments-v2-repo.ts'
import { libsqlProviderConfigRepo } from '../../adapters/libsql/provider-config-repo.ts'
import { libsqlTenantBillingRepo } from '../../adapters/libsql/tenant-billing-repo.ts'
import { createRevolutAdapter } from '../../adapters/revolut/index.ts'
import { createRevolutMandates } from '../../adapters/revolut/mandates.ts'
import { createStripeAdapter, type StripeMethodType } from '../../adapters/stripe/index.ts'
import { createStripeMandates } from '../../adapters/stripe/mandates.ts'
import type { PaymentsV2Deps } from '../../core/payments-v2/deps.ts'
import { type ProviderConfig, secretContext, type V2Method, type V2Provider } from '../../core/payments-v2/model.ts'
import { err, ok } from '../../core/result.ts'
import type { Tenant } from '../../core/tenant.ts'
import type { Clock } from '../../ports/clock.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { MandateProvider } from '../../ports/mandate-provider.port.ts'
import type { Creditor, Outcome, PaymentMethod, PaymentProvider } from '../../ports/payment-provider.port.ts'
import type { PaymentsV2Repo } from '../../ports/payments-v2-repo.port.ts'
import type { ProviderConfigRepo } from '../../ports/provider-config-repo.port.ts'
import type { SecretBox } from '../../ports/secret-box.port.ts'
import type { TenantBillingRepo } from '../../ports/tenant-billing.port.ts'
import type { TenantProviderSet, TenantProviders } from '../../ports/tenant-providers.port.ts'
import type { TenantRepo } from '../../ports/tenant-repo.port.ts'
import type { Sandbox } from '../../sandbox/index.ts'
import { type Config, ConfigError } from '../env.ts'
import { revolutVersion } from './providers.ts'

export type PaymentsV2Wiring = {
  readonly secretBox: SecretBox
  readonly configs: ProviderConfigRepo
  readonly store: PaymentsV2Repo
  readonly billing: TenantBillingRepo
  readonly providers: TenantProviders
}

/** What an adapter factory gets for one tenant: the opened secrets and where to reach the provider. */
export type ProviderConnection = {
  readonly baseUrl: string
  readonly secretKey: string
  readonly webhookSecret: string
  readonly fetch: typeof fetch
  readonly clock: Clock
}

export type MandateFactories = Partial<Record<V2Provider, (c: ProviderConnection) => MandateProvider>>

export type PaymentsV2Options = {
  readonly config: Config
  readonly db: Db
  readonly sandbox: Sandbox | null
  readonly fetch: typeof fetch
  readonly clock: Clock
  readonly logger: Logger
  /** Mandate adapters per provider (default: Stripe and Revolut); a provider without one answers 422 on /mandates. */
  readonly mandates?: MandateFactories
  readonly over?: Partial<Omit<PaymentsV2Wiring, 'providers'>>
}

export const DEV_KEY_ID = 'dev'

/** The key id new values are sealed with: VARCO_ENCRYPTION_KEY_ID, else the last kid listed, else `dev`. */
export function currentKeyIdOf(config: Pick<Config, 'VARCO_ENCRYPTION_KEYS' | 'VARCO_ENCRYPTION_KEY_ID'>): string {
  if (config.VARCO_ENCRYPTION_KEY_ID) return config.VARCO_ENCRYPTION_KEY_ID
  const kids = (config.VARCO_ENCRYPTION_KEYS ?? '')
    .split(',')
    .map((p) => p.trim().split(':')[0] ?? '')
    .filter(Boolean)
  return kids.at(-1) ?? DEV_KEY_ID
}

/**
 * A SecretBox whose keys are imported on first use (WebCrypto import is async; deps are built
 * synchronously). Without VARCO_ENCRYPTION_KEYS: production throws ConfigError (503 `misconfigured`,
 * the log names the variable); elsewhere a development key derived from JWT_SECRET is used.
 */
export function configuredSecretBox(config: Config): SecretBox {
  const currentKeyId = currentKeyIdOf(config)
  let box: Promise<SecretBox> | null = null
  const load = async (): Promise<SecretBox> => {
    if (config.VARCO_ENCRYPTION_KEYS) {
      let ring: Map<string, Uint8Array>
      try {
        ring = parseKeyRing(config.VARCO_ENCRYPTION_KEYS)
      } catch (e) {
        throw new ConfigError(`invalid configuration: VARCO_ENCRYPTION_KEYS: ${(e as Error).message}`)
      }
      if (!ring.has(currentKeyId))
        throw new ConfigError('invalid configuration: VARCO_ENCRYPTION_KEY_ID: not a key id of VARCO_ENCRYPTION_KEYS')
      return createSecretBox(ring, currentKeyId)
    }
    if (config.VARCO_ENV === 'production') {
      throw new ConfigError('invalid configuration: VARCO_ENCRYPTION_KEYS: is required in production for payments v2 provider keys')
    }
    const seed = new TextEncoder().encode(`varco-secret-box-dev|${config.JWT_SECRET ?? 'no-jwt-secret'}`)
    const raw = new Uint8Array(await crypto.subtle.digest('SHA-256', seed))
    return createSecretBox(new Map([[DEV_KEY_ID, raw]]), DEV_KEY_ID)
  }
  const get = () => {
    box ??= load()
    box.catch(() => {
      box = null
    })
    return box
  }
  return {
    currentKeyId,
    seal: async (plaintext, context) => (await get()).seal(plaintext, context),
    open: async (sealed, context) => (await get()).open(sealed, context),
    keyIdOf: sealedKeyId,
  }
}

export function buildPaymentsV2(o: PaymentsV2Options): PaymentsV2Wiring {
  const secretBox = o.over?.secretBox ?? configuredSecretBox(o.config)
  const configs = o.over?.configs ?? libsqlProviderConfigRepo(o.db)
  return {
    secretBox,
    configs,
    store: o.over?.store ?? libsqlPaymentsV2Repo(o.db),
    billing: o.over?.billing ?? libsqlTenantBillingRepo(o.db),
    providers: tenantProviders({ ...o, secretBox, configs }),
  }
}

function tenantProviders(o: PaymentsV2Options & { readonly secretBox: SecretBox; readonly configs: ProviderConfigRepo }): TenantProviders {
  const cache = new Map<string, TenantProviderSet>()
  const baseUrl = (p: V2Provider) =>
    o.sandbox ? o.sandbox.baseUrlOf(p) : p === 'stripe' ? o.config.STRIPE_API_URL : o.config.REVOLUT_API_URL

  async function build(c: ProviderConfig): Promise<TenantProviderSet> {
    const conn: ProviderConnection = {
      baseUrl: baseUrl(c.provider),
      secretKey: await o.secretBox.open(c.apiKeySealed, secretContext(c.tenantId, c.provider, 'api_key')),
      webhookSecret: await o.secretBox.open(c.webhookSecretSealed, secretContext(c.tenantId, c.provider, 'webhook_secret')),
      fetch: o.fetch,
      clock: o.clock,
    }
    const byMethod = new Map<V2Method, PaymentProvider>()
    const revolut = c.provider === 'revolut' ? createRevolutAdapter({ ...conn, ...revolutVersion(o.config) }) : null
    const payments = (method: V2Method): PaymentProvider => {
      if (revolut) return revolut
      let p = byMethod.get(method)
      if (!p) {
        const types: StripeMethodType[] = method === 'sepa_debit' ? ['sepa_debit'] : ['card']
        p = createStripeAdapter({ ...conn, paymentMethodTypes: types })
        byMethod.set(method, p)
      }
      return p
    }
    // The list of methods is the adapter's own; Stripe's over every method type it supports.
    let lister: PaymentProvider | null = null
    const methods = async (): Promise<Outcome<readonly PaymentMethod[]>> => {
      lister ??= revolut ?? createStripeAdapter(conn)
      return lister.methods ? lister.methods() : { kind: 'ok', value: [] }
    }
    const factories = o.mandates ?? defaultMandates(o.config)
    const mandates = factories[c.provider]?.(conn) ?? null
    return { provider: c.provider, version: c.version, payments, methods, mandates }
  }

  return async (tenantId) => {
    const c = await o.configs.get(tenantId)
    if (!c) return err({ code: 'provider.not_configured' })
    const hit = cache.get(tenantId)
    if (hit && hit.version === c.version && hit.provider === c.provider) return ok(hit)
    try {
      const set = await build(c)
      cache.set(tenantId, set)
      return ok(set)
    } catch (e) {
      if (!(e instanceof SecretBoxError)) throw e
      o.logger.error('a stored provider secret does not open (tampered, or its key left the ring)', {
        tenant_id: tenantId,
        provider: c.provider,
      })
      return err({ code: 'secrets.unreadable' })
    }
  }
}

/** The SEPA mandate adapters of adapters/stripe/mandates.ts and adapters/revolut/mandates.ts. */
export const defaultMandates = (config: Config): MandateFactories => ({
  stripe: (c) => createStripeMandates(c),
  revolut: (c) => createRevolutMandates({ ...c, ...revolutVersion(config) }),
})

/** Payments v2 as the app holds it: the use-case deps plus the tenants' billing status (the 402 gate). */
export type PaymentsV2 = PaymentsV2Deps & { readonly billing: TenantBillingRepo }

/** The use-case deps of payments v2 (routes, webhooks and the reconciler), over the wiring and the app's shared parts. */
export function paymentsV2Deps(
  wiring: PaymentsV2Wiring,
  shared: Pick<PaymentsV2Deps, 'clock' | 'newId' | 'logger' | 'publicUrl' | 'inbox'> & {
    readonly tenants: Pick<TenantRepo, 'get'>
    readonly creditorOf: (tenant: Tenant) => Creditor
  },
): PaymentsV2 {
  const { tenants, creditorOf, ...rest } = shared
  return {
    ...wiring,
    ...rest,
    creditorOf: async (tenantId) => {
      const t = await tenants.get(tenantId)
      return t ? creditorOf(t) : null
    },
  }
}
