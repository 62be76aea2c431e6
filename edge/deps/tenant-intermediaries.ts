/**
 * Stripe, Revolut and OnPay on the Opencity path, per tenant: each call goes to an adapter built from
 * the tenant's own credentials (the tenant form; sealed, opened here, never logged), cached per isolate
 * by tenant and credentials version, as payments v2 does. A tenant without credentials gets the
 * deployment's adapter (env or sandbox credentials) only when VARCO_ENV_CREDENTIALS_FALLBACK is on;
 * otherwise its calls answer `auth` (creation waits and the log says why).
 *
 * Webhooks (`POST /webhooks/{stripe|revolut}`) carry no tenant, so the secret is picked from the
 * payment they are about: the unverified body is read only for our payment id (Stripe metadata
 * `varco_payment_id`, Revolut `merchant_order_ext_ref`) or the intermediary's reference (Session /
 * order id); that payment's tenant's webhook secret then verifies the signature on the raw body. A
 * body naming another tenant's payment fails verification, since it is not signed with that secret.
 * @module
 */

import { SecretBoxError } from '../../adapters/crypto/secret-box.ts'
import { createOnpayAdapter } from '../../adapters/onpay/index.ts'
import { createRevolutAdapter, peekRevolutWebhook } from '../../adapters/revolut/index.ts'
import { createStripeAdapter, peekStripeWebhook } from '../../adapters/stripe/index.ts'
import {
  CREDENTIAL_INTERMEDIARIES,
  type CredentialIntermediary,
  credentialContext,
  type OnpayGatewayName,
  type StoredCredentials,
} from '../../core/intermediary-credentials.ts'
import type { Clock } from '../../ports/clock.port.ts'
import type { IntermediaryCredentialsRepo } from '../../ports/intermediary-credentials-repo.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { Outcome, PaymentProvider, WebhookInput } from '../../ports/payment-provider.port.ts'
import type { PaymentRepo } from '../../ports/payment-repo.port.ts'
import type { SecretBox } from '../../ports/secret-box.port.ts'
import type { Sandbox } from '../../sandbox/index.ts'
import type { Config } from '../env.ts'
import { revolutVersion } from './providers.ts'

export type TenantIntermediaryOptions = {
  readonly config: Config
  readonly sandbox: Sandbox | null
  readonly fetch: typeof fetch
  readonly clock: Clock
  readonly logger: Logger
  readonly secretBox: SecretBox
  readonly credentials: IntermediaryCredentialsRepo
  readonly payments: Pick<PaymentRepo, 'getForCitizen' | 'findByProviderRef'>
  /** The deployment's adapters (env credentials, or the simulators' in the sandbox). */
  readonly deployment: Readonly<Record<string, PaymentProvider>>
}

/** VARCO_ENV_CREDENTIALS_FALLBACK, by default on in development, test and the sandbox, off in production. */
export const envCredentialsFallback = (config: Config): boolean =>
  config.VARCO_ENV_CREDENTIALS_FALLBACK ?? (config.VARCO_ENV !== 'production' || config.sandbox)

const PEEK = { stripe: peekStripeWebhook, revolut: peekRevolutWebhook } as const

/** pagoPA as deployed, and Stripe, Revolut and OnPay per tenant. */
export function tenantIntermediaries(o: TenantIntermediaryOptions): Record<string, PaymentProvider> {
  const out: Record<string, PaymentProvider> = {}
  for (const [name, p] of Object.entries(o.deployment)) if (!(CREDENTIAL_INTERMEDIARIES as readonly string[]).includes(name)) out[name] = p
  for (const name of CREDENTIAL_INTERMEDIARIES) out[name] = perTenant(name, o)
  return out
}

async function build(o: TenantIntermediaryOptions, c: StoredCredentials): Promise<PaymentProvider> {
  const open = (field: string) => {
    const sealed = c.sealed[field]
    return sealed === undefined
      ? Promise.resolve(undefined)
      : o.secretBox.open(sealed, credentialContext(c.tenantId, c.intermediary, field))
  }
  const at = (name: string, configured: string) => (o.sandbox ? o.sandbox.baseUrlOf(name) : configured)
  const base = { fetch: o.fetch, clock: o.clock, timeoutMs: o.config.INTERMEDIARY_TIMEOUT_MS }
  switch (c.intermediary) {
    case 'stripe':
      return createStripeAdapter({
        baseUrl: at('stripe', o.config.STRIPE_API_URL),
        secretKey: (await open('secret_key')) ?? '',
        webhookSecret: (await open('webhook_secret')) ?? '',
        ...base,
      })
    case 'revolut':
      return createRevolutAdapter({
        baseUrl: at('revolut', o.config.REVOLUT_API_URL),
        secretKey: (await open('api_key')) ?? '',
        webhookSecret: (await open('webhook_secret')) ?? '',
        ...revolutVersion(o.config),
        ...base,
      })
    case 'onpay': {
      const optional = async (field: string, key: string) => {
        const v = await open(field)
        return v === undefined ? {} : { [key]: v }
      }
      return createOnpayAdapter({
        baseUrl: o.sandbox ? `${o.sandbox.baseUrlOf('onpay')}/api` : o.config.ONPAY_API_URL,
        apiKey: (await open('api_key')) ?? '',
        gateway: (c.settings['gateway'] ?? 'nexi') as OnpayGatewayName,
        gatewayApiKey: (await open('gateway_api_key')) ?? '',
        ...(await optional('gateway_secret_key', 'gatewaySecretKey')),
        ...(await optional('gateway_username', 'gatewayUsername')),
        ...(await optional('gateway_password', 'gatewayPassword')),
        ...(await optional('gateway_notification_key', 'gatewayNotificationKey')),
        ...base,
      })
    }
  }
}

function perTenant(name: CredentialIntermediary, o: TenantIntermediaryOptions): PaymentProvider {
  const cache = new Map<string, { readonly version: number; readonly adapter: PaymentProvider }>()
  const fallback = envCredentialsFallback(o.config) ? (o.deployment[name] ?? null) : null

  /** The tenant's adapter, or why there is none. */
  async function forTenant(tenantId: string): Promise<PaymentProvider | string> {
    const stored = await o.credentials.get(tenantId, name)
    if (!stored) return fallback ?? `the tenant has no ${name} credentials (tenant form), and the deployment's are not used for it`
    const hit = cache.get(tenantId)
    if (hit?.version === stored.version) return hit.adapter
    try {
      const adapter = await build(o, stored)
      cache.set(tenantId, { version: stored.version, adapter })
      return adapter
    } catch (e) {
      if (!(e instanceof SecretBoxError) && !(e instanceof TypeError)) throw e
      o.logger.error('a tenant’s intermediary credentials are unusable', { tenant_id: tenantId, intermediary: name, error: e.name })
      return `the tenant's ${name} credentials are unusable (${e instanceof SecretBoxError ? 'they do not open' : 'incomplete'})`
    }
  }
  const call = async <T>(tenantId: string, f: (p: PaymentProvider) => Promise<Outcome<T>>): Promise<Outcome<T>> => {
    const p = await forTenant(tenantId)
    return typeof p === 'string' ? { kind: 'auth', reason: p } : f(p)
  }

  async function verifyWebhook(input: WebhookInput) {
    const refuse = (reason: string) => ({ ok: false, error: { kind: 'invalid_signature', reason } }) as const
    const peek = name === 'onpay' ? null : PEEK[name](input.rawBody)
    const byId = peek?.paymentId ? await o.payments.getForCitizen(peek.paymentId) : null
    const stored =
      byId?.intermediary === name ? byId : peek?.providerRef ? await o.payments.findByProviderRef(name, peek.providerRef) : null
    // No payment of ours: only the deployment's secret can verify it (it is then acknowledged as unknown).
    const p = stored ? await forTenant(stored.payment.tenant_id) : (fallback ?? 'the webhook names no payment of a tenant')
    if (typeof p === 'string') return refuse(p)
    return p.verifyWebhook ? p.verifyWebhook(input) : refuse(`${name} has no webhooks`)
  }

  return {
    name,
    create: (req) => call(req.creditor.tenantId, (p) => p.create(req)),
    read: (ref) => call(ref.creditor.tenantId, (p) => p.read(ref)),
    checkout: (req) => call(req.ref.creditor.tenantId, (p) => p.checkout(req)),
    cancel: (ref) => call(ref.creditor.tenantId, (p) => p.cancel(ref)),
    ...(name === 'onpay' ? {} : { verifyWebhook }),
  }
}
