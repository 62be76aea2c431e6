/**
 * Reading and writing the billing settings through the repository: secrets sealed with the
 * SecretBox (context `billing-settings:<key>`) on the way in and opened on the way out; the
 * database over the environment (settings.ts).
 * @module
 */

import type { StoredSetting } from '../../ports/billing-repo.port.ts'
import type { DomainError } from '../errors.ts'
import { err, ok, type Result } from '../result.ts'
import type { BillingDeps } from './deps.ts'
import { isSecretSetting, type ResolvedSettings, readSettingsChanges, resolveSettings } from './settings.ts'

/** The SecretBox context of a secret billing setting. */
export const billingSecretContext = (key: string): string => `billing-settings:${key}`
const context = billingSecretContext

export async function loadSettings(deps: Pick<BillingDeps, 'repo' | 'secrets' | 'config'>): Promise<Result<ResolvedSettings, DomainError>> {
  const stored = await deps.repo.settings()
  const db = new Map<string, string>()
  for (const [key, s] of stored) {
    if (!s.secret) db.set(key, s.value)
    else {
      try {
        db.set(key, await deps.secrets.open(s.value, context(key)))
      } catch {
        return err({ code: 'secrets.unreadable' })
      }
    }
  }
  return ok(resolveSettings(db, deps.config.env))
}

/** Validates every change first; writes all of them in one transaction, or nothing. */
export async function putSettings(
  deps: Pick<BillingDeps, 'repo' | 'secrets' | 'config'>,
  body: unknown,
): Promise<Result<ResolvedSettings, DomainError>> {
  const read = readSettingsChanges(body)
  if (!read.ok) return err({ code: 'validation', issues: read.issues })
  const changes = new Map<string, StoredSetting | null>()
  for (const [key, value] of read.changes) {
    if (value === null) changes.set(key, null)
    else if (isSecretSetting(key)) changes.set(key, { value: await deps.secrets.seal(value, context(key)), secret: true })
    else changes.set(key, { value, secret: false })
  }
  await deps.repo.putSettings(changes)
  return loadSettings(deps)
}

/** The settings key naming the billing operator tenant (not a user-facing setting: `varco billing operator`). */
export const OPERATOR_KEY = 'operator_tenant_id'

/** The billing operator tenant: the stored one, else `fallback` (BILLING_OPERATOR_TENANT_ID), else none. */
export async function billingOperator(deps: Pick<BillingDeps, 'repo'>, fallback: string | undefined): Promise<string | null> {
  return (await deps.repo.settings()).get(OPERATOR_KEY)?.value ?? fallback ?? null
}

/** Makes `tenantId` the billing operator. */
export const setBillingOperator = (deps: Pick<BillingDeps, 'repo'>, tenantId: string): Promise<void> =>
  deps.repo.putSettings(new Map([[OPERATOR_KEY, { value: tenantId, secret: false }]]))
