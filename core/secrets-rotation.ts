/**
 * `varco keys rotate`: re-seals every secret stored sealed with an older SecretBox key, in every store that
 * holds one: payments v2 provider keys and mandate IBANs, the Opencity-path intermediary credentials,
 * the billing settings' secrets and the RTD subscription keys. Each write is conditional on the value
 * read (compare-and-set), so a secret changed meanwhile is left to the newer write and counted as
 * `raced`. Idempotent: a second run finds everything current. A value that does not open is counted
 * as failed and logged by where it is, never by value; the old key must stay in the ring until no
 * store reports a failure.
 * @module
 */

import type { BillingRepo } from '../ports/billing-repo.port.ts'
import type { IntermediaryCredentialsRepo } from '../ports/intermediary-credentials-repo.port.ts'
import type { RtdRepo } from '../ports/rtd-repo.port.ts'
import { billingSecretContext } from './billing/settings-store.ts'
import { credentialContext } from './intermediary-credentials.ts'
import type { PaymentsV2Deps } from './payments-v2/deps.ts'
import { type RotationReport, rotateSecrets } from './payments-v2/provider-config.ts'
import { type RotationCounts, resealItems, type SealedItem } from './reseal.ts'
import { rtdKeyContext } from './rtd/deps.ts'

export type SecretsRotationDeps = Pick<PaymentsV2Deps, 'configs' | 'store' | 'secretBox' | 'logger'> & {
  readonly credentials: IntermediaryCredentialsRepo
  readonly billing: Pick<BillingRepo, 'settings' | 'resealSetting'>
  readonly rtd: Pick<RtdRepo, 'allSettings' | 'resealSubscriptionKey'>
}

export type FullRotationReport = RotationReport & {
  readonly intermediaryCredentials: RotationCounts
  readonly billingSettings: RotationCounts
  readonly rtdSubscriptionKeys: RotationCounts
}

/** Re-seals every store's secrets under the SecretBox's current key. */
export async function rotateAllSecrets(deps: SecretsRotationDeps): Promise<FullRotationReport> {
  const box = deps.secretBox
  const v2 = await rotateSecrets(deps)

  const credentials: SealedItem[] = (await deps.credentials.all()).map((c) => ({
    sealed: Object.entries(c.sealed).map(([field, value]) => ({
      field,
      value,
      context: credentialContext(c.tenantId, c.intermediary, field),
    })),
    where: { tenant_id: c.tenantId, intermediary: c.intermediary },
    write: (next) => deps.credentials.reseal(c.tenantId, c.intermediary, c.version, next),
  }))

  const billing: SealedItem[] = [...(await deps.billing.settings())]
    .filter(([, s]) => s.secret)
    .map(([key, s]) => ({
      sealed: [{ field: key, value: s.value, context: billingSecretContext(key) }],
      where: { setting: key },
      write: (next) => deps.billing.resealSetting(key, s.value, next[key] ?? ''),
    }))

  const rtd: SealedItem[] = (await deps.rtd.allSettings()).flatMap((s) => {
    const sealed = s.subscriptionKeySealed
    if (sealed === null) return []
    return [
      {
        sealed: [{ field: 'subscription_key', value: sealed, context: rtdKeyContext(s.tenantId) }],
        where: { tenant_id: s.tenantId },
        write: (next: Readonly<Record<string, string>>) =>
          deps.rtd.resealSubscriptionKey(s.tenantId, sealed, next['subscription_key'] ?? ''),
      },
    ]
  })

  return {
    ...v2,
    intermediaryCredentials: await resealItems(box, deps.logger, 'intermediary credential', credentials),
    billingSettings: await resealItems(box, deps.logger, 'billing secret setting', billing),
    rtdSubscriptionKeys: await resealItems(box, deps.logger, 'RTD subscription key', rtd),
  }
}

/** Whether any store has a value that did not open (the old key must then stay in the ring). */
export const rotationFailed = (r: FullRotationReport): boolean =>
  [r.providerConfigs, r.mandateIbans, r.intermediaryCredentials, r.billingSettings, r.rtdSubscriptionKeys].some((c) => c.failed > 0)
