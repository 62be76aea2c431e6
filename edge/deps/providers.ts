/**
 * The deployment's intermediaries of the proxy API: their payment adapters (with credentials from the
 * environment, or all of them pointed at the simulators in the sandbox) and their health probes.
 * An intermediary without credentials is absent: its payments wait, and the log says why. Stripe,
 * Revolut and OnPay are then wrapped per tenant (tenant-intermediaries.ts); these are their fallback.
 * @module
 */

import { createEchoAdapter } from '../../adapters/echo/index.ts'
import { createOnpayAdapter } from '../../adapters/onpay/index.ts'
import { createPagopaAdapter } from '../../adapters/pagopa/index.ts'
import { createRevolutAdapter } from '../../adapters/revolut/index.ts'
import { createStripeAdapter } from '../../adapters/stripe/index.ts'
import type { Tenant } from '../../core/tenant.ts'
import type { Clock } from '../../ports/clock.port.ts'
import type { IntermediaryProbe } from '../../ports/intermediary-probe.port.ts'
import type { Creditor, PaymentProvider } from '../../ports/payment-provider.port.ts'
import { type Sandbox, sandboxCredentials } from '../../sandbox/index.ts'
import { type Config, fallbackIban } from '../env.ts'

/** The probes of the intermediary APIs that have one (the echo service), for /status. */
export function intermediaryProbes(config: Config, sandbox: Sandbox | null, fetch: typeof globalThis.fetch): IntermediaryProbe[] {
  const echoUrl = sandbox ? sandbox.baseUrlOf('echo') : config.ECHO_API_URL
  return echoUrl ? [createEchoAdapter({ baseUrl: echoUrl, fetch })] : []
}

/** The creditor (ente) as the intermediaries need it: the tenant's pagoPA settings, else the gateway's. */
export const creditorFrom =
  (config: Config) =>
  (tenant: Tenant): Creditor => ({
    tenantId: tenant.id,
    taxId: tenant.taxIdentificationNumber,
    name: tenant.name,
    segregationCode: tenant.pagopa?.segregationCode ?? config.PAGOPA_SEGREGATION_CODE,
    auxDigit: tenant.pagopa?.auxDigit ?? config.PAGOPA_AUX_DIGIT,
    postalAccount: tenant.pagopa ? tenant.pagopa.postalAccount : (config.PAGOPA_POSTAL_ACCOUNT ?? null),
    iban: tenant.pagopa?.iban ?? fallbackIban(config),
  })

/** Intermediary name (a service's `intermediary`) → its adapter. */
export function intermediaryAdapters(
  config: Config,
  sandbox: Sandbox | null,
  fetch: typeof globalThis.fetch,
  clock: Clock,
): Record<string, PaymentProvider> {
  const url = (name: string, configured: string) => (sandbox ? sandbox.baseUrlOf(name) : configured)
  const out: Record<string, PaymentProvider> = {}
  const pagopaKey = sandbox ? sandboxCredentials.pagopa.subscriptionKey : config.PAGOPA_API_KEY
  if (pagopaKey)
    out['pagopa'] = createPagopaAdapter({
      baseUrl: url('pagopa', config.PAGOPA_API_URL),
      subscriptionKey: pagopaKey,
      fetch,
      clock,
      timeoutMs: config.INTERMEDIARY_TIMEOUT_MS,
    })
  // Stripe and Revolut need an API key and a webhook secret: the simulators' in the sandbox.
  const keys = (inSandbox: readonly [string, string], configured: readonly [string | undefined, string | undefined]) => {
    const [secretKey, webhookSecret] = sandbox ? inSandbox : configured
    return secretKey && webhookSecret ? { secretKey, webhookSecret, fetch, clock, timeoutMs: config.INTERMEDIARY_TIMEOUT_MS } : null
  }
  const stripe = keys(
    [sandboxCredentials.stripe.secretKey, sandboxCredentials.stripe.webhookSecret],
    [config.STRIPE_SECRET_KEY, config.STRIPE_WEBHOOK_SECRET],
  )
  if (stripe) out['stripe'] = createStripeAdapter({ baseUrl: url('stripe', config.STRIPE_API_URL), ...stripe })
  const revolut = keys(
    [sandboxCredentials.revolut.secretKey, sandboxCredentials.revolut.webhookSecret],
    [config.REVOLUT_API_KEY, config.REVOLUT_WEBHOOK_SECRET],
  )
  if (revolut)
    out['revolut'] = createRevolutAdapter({ baseUrl: url('revolut', config.REVOLUT_API_URL), ...revolut, ...revolutVersion(config) })
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
      timeoutMs: config.INTERMEDIARY_TIMEOUT_MS,
    })
  return out
}

/** REVOLUT_API_VERSION, when set, for every Revolut adapter (v1 and the tenants' v2 ones). */
export const revolutVersion = (config: Config): { apiVersion?: string } =>
  config.REVOLUT_API_VERSION ? { apiVersion: config.REVOLUT_API_VERSION } : {}
