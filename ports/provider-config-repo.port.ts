/**
 * Per-tenant payments v2 provider configuration. Secrets arrive and leave sealed (SecretBox): this
 * port never sees a plaintext key. One row per tenant; `version` grows on every write.
 * @module
 */

import type { ProviderConfig } from '../core/payments-v2/model.ts'

export type ProviderConfigWrite = Omit<ProviderConfig, 'version'>

export type SealedPair = { readonly apiKeySealed: string; readonly webhookSecretSealed: string }

export interface ProviderConfigRepo {
  /** The tenant's configuration, or null when it has none. */
  get(tenantId: string): Promise<ProviderConfig | null>
  /** Inserts or replaces the tenant's configuration; returns it with its new version (1, then +1). */
  put(config: ProviderConfigWrite): Promise<ProviderConfig>
  /** Every stored configuration, for key rotation. */
  list(): Promise<readonly ProviderConfig[]>
  /**
   * Replaces the sealed values if they still equal `expected` (compare-and-set, so a concurrent
   * PUT wins over a rotation). The version does not change: the plaintext is the same.
   */
  reseal(tenantId: string, expected: SealedPair, next: SealedPair): Promise<boolean>
}
