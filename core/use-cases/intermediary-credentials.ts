/**
 * Saving and showing a tenant's intermediary credentials (the tenant form's Stripe, Revolut and OnPay
 * sections). Two steps so that a bad request writes nothing: `planCredentials` checks the change
 * against what is stored (shapes, and that each intermediary ends up either unset or complete), then
 * the caller writes the tenant and `applyCredentials` seals and stores. Secrets never leave: the view
 * says only whether each is set.
 * @module
 */

import type { Clock } from '../../ports/clock.port.ts'
import type { IntermediaryCredentialsRepo } from '../../ports/intermediary-credentials-repo.port.ts'
import type { SecretBox } from '../../ports/secret-box.port.ts'
import type { DomainError, FieldIssue } from '../errors.ts'
import {
  CREDENTIAL_INTERMEDIARIES,
  type CredentialIntermediary,
  type CredentialsChange,
  checkComplete,
  checkCredentialValues,
  credentialContext,
  credentialsView,
  type StoredCredentials,
} from '../intermediary-credentials.ts'
import { err, ok, type Result } from '../result.ts'

export type CredentialsDeps = {
  readonly credentials: IntermediaryCredentialsRepo
  readonly secretBox: SecretBox
  readonly clock: Clock
}

/** Per intermediary, the change asked for (absent intermediaries are left as they are). */
export type CredentialsInput = Partial<Record<CredentialIntermediary, CredentialsChange>>

/** A checked change, ready to apply. */
export type CredentialsPlan = {
  readonly tenantId: string
  readonly steps: ReadonlyArray<{
    readonly intermediary: CredentialIntermediary
    readonly current: StoredCredentials | null
    readonly change: CredentialsChange
  }>
}

/** Checks `input` against the tenant's stored credentials; writes nothing. */
export async function planCredentials(
  deps: Pick<CredentialsDeps, 'credentials'>,
  tenantId: string,
  input: CredentialsInput,
): Promise<Result<CredentialsPlan, DomainError>> {
  const issues: FieldIssue[] = []
  const steps: CredentialsPlan['steps'][number][] = []
  for (const intermediary of CREDENTIAL_INTERMEDIARIES) {
    const change = input[intermediary]
    if (change === undefined) continue
    const current = await deps.credentials.get(tenantId, intermediary)
    const shape = checkCredentialValues(intermediary, change)
    issues.push(...shape)
    if (shape.length > 0) continue
    const present = new Set(Object.keys(current?.sealed ?? {}))
    for (const [field, v] of Object.entries(change)) {
      if (field === 'gateway') continue
      if (typeof v === 'string') present.add(field)
      else if (v === null) present.delete(field)
    }
    const gateway = intermediary === 'onpay' ? gatewayOf(change, current, present) : null
    issues.push(...checkComplete(intermediary, present, gateway))
    steps.push({ intermediary, current, change })
  }
  return issues.length > 0 ? err({ code: 'validation', issues }) : ok({ tenantId, steps })
}

/** OnPay's circuit after the change: the one given, else the stored one, else nexi (once anything is set). */
function gatewayOf(change: CredentialsChange, current: StoredCredentials | null, present: ReadonlySet<string>): string | null {
  if (present.size === 0) return null
  const given = change['gateway']
  return typeof given === 'string' ? given : (current?.settings['gateway'] ?? 'nexi')
}

/** Seals the new values and stores each intermediary's credentials (a new version each). */
export async function applyCredentials(deps: CredentialsDeps, plan: CredentialsPlan): Promise<void> {
  for (const { intermediary, current, change } of plan.steps) {
    const sealed: Record<string, string> = { ...(current?.sealed ?? {}) }
    for (const [field, v] of Object.entries(change)) {
      if (field === 'gateway') continue
      if (typeof v === 'string') sealed[field] = await deps.secretBox.seal(v, credentialContext(plan.tenantId, intermediary, field))
      else if (v === null) delete sealed[field]
    }
    const settings: Record<string, string> = {}
    if (intermediary === 'onpay' && Object.keys(sealed).length > 0) {
      settings['gateway'] = gatewayOf(change, current, new Set(Object.keys(sealed))) as string
    }
    const unchanged = current !== null && same(current.sealed, sealed) && same(current.settings, settings)
    if (unchanged || (current === null && Object.keys(sealed).length === 0)) continue
    await deps.credentials.put({ tenantId: plan.tenantId, intermediary, sealed, settings, updatedAt: deps.clock() })
  }
}

const same = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v)

/** Every intermediary's view for the tenant: which secrets are set (never their values), OnPay's circuit. */
export async function credentialsViews(
  deps: Pick<CredentialsDeps, 'credentials'>,
  tenantId: string,
): Promise<Record<CredentialIntermediary, Record<string, boolean | string | null>>> {
  const stored = await deps.credentials.list(tenantId)
  const of = (i: CredentialIntermediary) => credentialsView(i, stored.find((s) => s.intermediary === i) ?? null)
  return { stripe: of('stripe'), revolut: of('revolut'), onpay: of('onpay') }
}
