/**
 * The payment and mandate providers of one tenant, built from its stored provider configuration
 * (opened secrets). The edge caches them per isolate by tenant and configuration version.
 * @module
 */

import type { DomainError } from '../core/errors.ts'
import type { V2Method, V2Provider } from '../core/payments-v2/model.ts'
import type { Result } from '../core/result.ts'
import type { MandateProvider } from './mandate-provider.port.ts'
import type { Outcome, PaymentMethod, PaymentProvider } from './payment-provider.port.ts'

export type TenantProviderSet = {
  readonly provider: V2Provider
  readonly version: number
  /** The payment provider for links paid with `method` (Stripe pins the method on the Checkout Session). */
  readonly payments: (method: V2Method) => PaymentProvider
  /** The ways to pay the provider offers, recommended first (the adapter's own list). */
  readonly methods: () => Promise<Outcome<readonly PaymentMethod[]>>
  /** SEPA mandates; null when no mandate adapter exists for this provider. */
  readonly mandates: MandateProvider | null
}

/** `provider.not_configured` without a configuration, `secrets.unreadable` when its secrets do not open. */
export type TenantProviders = (tenantId: string) => Promise<Result<TenantProviderSet, DomainError>>
