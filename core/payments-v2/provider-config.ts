/**
 * `GET/PUT /payment/v2/provider-config` (admin only) and `varco keys rotate`. Secrets are sealed
 * with the SecretBox under a context naming the tenant, provider and field, so a value copied to
 * another tenant or field does not open. Views never carry a secret: only whether it is set and the
 * last 4 characters of the API key.
 * @module
 */

import type { DomainError } from '../errors.ts'
import type { Principal } from '../principal.ts'
import { type RotationCounts, resealItems, type SealedItem } from '../reseal.ts'
import { err, ok, type Result } from '../result.ts'
import { authorize } from '../use-cases/authenticate.ts'
import type { PaymentsV2Deps } from './deps.ts'
import { ibanContext, type ProviderConfig, secretContext, type V2Provider } from './model.ts'

export type ProviderConfigView = {
  readonly provider: V2Provider
  readonly apiKeySet: boolean
  readonly apiKeyLast4: string
  readonly webhookSecretSet: boolean
  readonly updatedAt: Date
}

export type ProviderConfigInput = { readonly provider: V2Provider; readonly apiKey: string; readonly webhookSecret: string }

const view = (c: ProviderConfig): ProviderConfigView => ({
  provider: c.provider,
  apiKeySet: c.apiKeySealed !== '',
  apiKeyLast4: c.apiKeyLast4,
  webhookSecretSet: c.webhookSecretSealed !== '',
  updatedAt: c.updatedAt,
})

export async function getProviderConfig(
  deps: Pick<PaymentsV2Deps, 'configs'>,
  principal: Principal,
): Promise<Result<ProviderConfigView, DomainError>> {
  const allowed = authorize(principal, 'admin')
  if (!allowed.ok) return allowed
  const c = await deps.configs.get(principal.tenantId)
  return c ? ok(view(c)) : err({ code: 'not_found', resource: 'provider configuration of tenant', id: principal.tenantId })
}

const SECRET_SHAPE = /^[\x21-\x7e]{8,512}$/

export async function putProviderConfig(
  deps: Pick<PaymentsV2Deps, 'configs' | 'secretBox' | 'clock'>,
  principal: Principal,
  input: ProviderConfigInput,
): Promise<Result<ProviderConfigView, DomainError>> {
  const allowed = authorize(principal, 'admin')
  if (!allowed.ok) return allowed
  const issues = [
    ...(SECRET_SHAPE.test(input.apiKey) ? [] : [{ path: 'api_key', message: 'must be 8-512 printable characters without spaces' }]),
    ...(SECRET_SHAPE.test(input.webhookSecret)
      ? []
      : [{ path: 'webhook_secret', message: 'must be 8-512 printable characters without spaces' }]),
  ]
  if (issues.length > 0) return err({ code: 'validation', issues })
  const tenantId = principal.tenantId
  const saved = await deps.configs.put({
    tenantId,
    provider: input.provider,
    apiKeySealed: await deps.secretBox.seal(input.apiKey, secretContext(tenantId, input.provider, 'api_key')),
    webhookSecretSealed: await deps.secretBox.seal(input.webhookSecret, secretContext(tenantId, input.provider, 'webhook_secret')),
    apiKeyLast4: input.apiKey.slice(-4),
    updatedAt: deps.clock(),
  })
  return ok(view(saved))
}

export type RotationReport = {
  readonly keyId: string
  readonly providerConfigs: RotationCounts
  readonly mandateIbans: RotationCounts
}

/**
 * Re-seals every stored secret not sealed with the current key. Idempotent: a second run finds
 * everything current. A value that does not open is counted as failed (and logged by tenant, never
 * by value); the old key must stay in the ring until `failed` is 0.
 */
export async function rotateSecrets(deps: Pick<PaymentsV2Deps, 'configs' | 'store' | 'secretBox' | 'logger'>): Promise<RotationReport> {
  const configs: SealedItem[] = (await deps.configs.list()).map((c) => ({
    sealed: [
      { field: 'apiKeySealed', value: c.apiKeySealed, context: secretContext(c.tenantId, c.provider, 'api_key') },
      { field: 'webhookSecretSealed', value: c.webhookSecretSealed, context: secretContext(c.tenantId, c.provider, 'webhook_secret') },
    ],
    where: { tenant_id: c.tenantId, provider: c.provider },
    write: (next) =>
      deps.configs.reseal(c.tenantId, c, {
        apiKeySealed: next['apiKeySealed'] ?? c.apiKeySealed,
        webhookSecretSealed: next['webhookSecretSealed'] ?? c.webhookSecretSealed,
      }),
  }))
  const ibans: SealedItem[] = (await deps.store.sealedIbans()).map((m) => ({
    sealed: [{ field: 'iban', value: m.sealed, context: ibanContext(m.tenantId, m.mandateId) }],
    where: { tenant_id: m.tenantId, mandate_id: m.mandateId },
    write: (next) => deps.store.resealIban(m.tenantId, m.mandateId, m.sealed, next['iban'] ?? m.sealed),
  }))
  return {
    keyId: deps.secretBox.currentKeyId,
    providerConfigs: await resealItems(deps.secretBox, deps.logger, 'provider secret', configs),
    mandateIbans: await resealItems(deps.secretBox, deps.logger, 'mandate IBAN', ibans),
  }
}
