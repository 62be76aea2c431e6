/**
 * SEPA Direct Debit mandates (`POST/GET /payment/v2/mandates`) and charges on them
 * (`POST /payment/v2/mandates/{id}/charges`). The IBAN is checked (mod-97), stored masked for display
 * and sealed (SecretBox) for the record; one open (pending or active) mandate per customer email.
 * Charges need an `active` mandate and are idempotent on their reference like links.
 * @module
 */

import type { MandateStatus } from '../../ports/mandate-provider.port.ts'
import type { TenantProviderSet } from '../../ports/tenant-providers.port.ts'
import { type DomainError, type FieldIssue, providerError } from '../errors.ts'
import { isValidIban } from '../iban.ts'
import { err, ok, type Result } from '../result.ts'
import type { PaymentsV2Deps } from './deps.ts'
import { canMoveMandate, ibanContext, maskIban, type V2Mandate, type V2MandateStatus } from './model.ts'
import { checkAmountAndReference, move, newPayment, type PaymentResult } from './payments.ts'

export type MandateInput = {
  readonly customerName: string
  readonly customerEmail: string
  readonly iban: string
  readonly description: string
  readonly returnUrl?: string | null
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function checkMandateInput(input: MandateInput): FieldIssue[] {
  const issues: FieldIssue[] = []
  if (input.customerName.trim() === '' || input.customerName.length > 200)
    issues.push({ path: 'customer_name', message: 'must be 1-200 characters' })
  if (!EMAIL.test(input.customerEmail) || input.customerEmail.length > 254)
    issues.push({ path: 'customer_email', message: 'must be an e-mail address' })
  if (!isValidIban(input.iban)) issues.push({ path: 'iban', message: 'must be a valid IBAN (mod-97 check)' })
  if (input.description.trim() === '' || input.description.length > 500)
    issues.push({ path: 'description', message: 'must be 1-500 characters' })
  return issues
}

const FROM_PROVIDER: Readonly<Record<MandateStatus, V2MandateStatus | null>> = {
  pending_mandate_signature: 'pending_mandate_signature',
  active: 'active',
  inactive: 'inactive',
  unknown: null,
}

async function mandatesOf(deps: PaymentsV2Deps, tenantId: string): Promise<Result<TenantProviderSet, DomainError>> {
  const set = await deps.providers(tenantId)
  if (!set.ok) return set
  if (!set.value.mandates) return err({ code: 'unprocessable', detail: `SEPA mandates are not available with ${set.value.provider} yet` })
  return set
}

async function moveMandate(
  deps: Pick<PaymentsV2Deps, 'store' | 'clock'>,
  m: V2Mandate,
  change: { status: V2MandateStatus; providerRef?: string; mandateUrl?: string },
): Promise<V2Mandate> {
  if (change.status !== m.status && !canMoveMandate(m.status, change.status)) return m
  if (change.status === m.status && change.providerRef === undefined && change.mandateUrl === undefined) return m
  const next: V2Mandate = {
    ...m,
    status: change.status,
    providerRef: change.providerRef ?? m.providerRef,
    mandateUrl: change.mandateUrl ?? m.mandateUrl,
    updatedAt: deps.clock(),
  }
  if (await deps.store.updateMandate(next, m.status)) return next
  return (await deps.store.getMandate(m.tenantId, m.id)) ?? m
}

export async function createMandate(deps: PaymentsV2Deps, tenantId: string, input: MandateInput): Promise<Result<V2Mandate, DomainError>> {
  const issues = checkMandateInput(input)
  if (issues.length > 0) return err({ code: 'validation', issues })
  const set = await mandatesOf(deps, tenantId)
  if (!set.ok) return set
  const mandates = set.value.mandates
  if (!mandates) return err({ code: 'unprocessable', detail: 'no mandate provider' })
  const iban = input.iban.replace(/\s/g, '').toUpperCase()
  const email = input.customerEmail.trim().toLowerCase()
  const id = deps.newId()
  const now = deps.clock()
  const m: V2Mandate = {
    id,
    tenantId,
    provider: set.value.provider,
    customerName: input.customerName.trim(),
    customerEmail: email,
    description: input.description,
    ibanMasked: maskIban(iban),
    ibanSealed: await deps.secretBox.seal(iban, ibanContext(tenantId, id)),
    status: 'creating',
    providerRef: null,
    mandateUrl: null,
    createdAt: now,
    updatedAt: now,
  }
  const inserted = await deps.store.insertMandate(m)
  if (!inserted.inserted) {
    return err({
      code: 'conflict',
      resource: 'mandate',
      id: inserted.existing?.id ?? email,
      detail: 'this customer already has a pending or active mandate',
    })
  }
  const created = await mandates.createMandate({
    mandateId: id,
    customerName: m.customerName,
    customerEmail: email,
    iban,
    description: m.description,
    returnUrl: input.returnUrl ?? deps.publicUrl,
  })
  if (created.kind === 'unknown') {
    deps.logger.warn('payments v2: mandate create outcome unknown', { mandate_id: id, reason: created.reason })
    return ok(await moveMandate(deps, m, { status: 'unknown' }))
  }
  if (created.kind !== 'ok') {
    // Nothing exists at the provider: free the customer for another attempt.
    await moveMandate(deps, m, { status: 'inactive' })
    return err(providerError(created))
  }
  const status = FROM_PROVIDER[created.value.status] ?? 'unknown'
  return ok(
    await moveMandate(deps, m, {
      status: status === 'creating' ? 'unknown' : status,
      providerRef: created.value.providerRef,
      mandateUrl: created.value.signUrl,
    }),
  )
}

/**
 * Re-reads a mandate that may still change: pending or unknown (with a reference), and active (the
 * customer or the bank may revoke it at any time; a charge must not go out on a revoked mandate).
 */
export async function refreshMandate(deps: PaymentsV2Deps, m: V2Mandate): Promise<V2Mandate> {
  if (m.providerRef === null || m.status === 'inactive' || m.status === 'creating') return m
  const set = await deps.providers(m.tenantId)
  if (!set.ok || set.value.provider !== m.provider || !set.value.mandates) return m
  const read = await set.value.mandates.readMandate(m.providerRef)
  if (read.kind !== 'ok') return m
  const to = FROM_PROVIDER[read.value.status]
  return to ? moveMandate(deps, m, { status: to }) : m
}

export async function getMandate(deps: PaymentsV2Deps, tenantId: string, id: string): Promise<Result<V2Mandate, DomainError>> {
  const m = await deps.store.getMandate(tenantId, id)
  if (!m) return err({ code: 'not_found', resource: 'mandate', id })
  return ok(await refreshMandate(deps, m))
}

export type ChargeInput = {
  readonly amount: number
  readonly currency: 'EUR'
  readonly description: string
  readonly reference: string
}

export async function chargeMandate(
  deps: PaymentsV2Deps,
  tenantId: string,
  mandateId: string,
  input: ChargeInput,
): Promise<Result<PaymentResult, DomainError>> {
  const issues = checkAmountAndReference(input)
  if (issues.length > 0) return err({ code: 'validation', issues })
  const stored = await deps.store.getMandate(tenantId, mandateId)
  if (!stored) return err({ code: 'not_found', resource: 'mandate', id: mandateId })
  const m = await refreshMandate(deps, stored)
  if (m.status !== 'active' || m.providerRef === null) {
    return err({
      code: 'conflict',
      resource: 'mandate',
      id: mandateId,
      detail: `the mandate is ${m.status}; charges need an active mandate`,
    })
  }
  const set = await mandatesOf(deps, tenantId)
  if (!set.ok) return set
  const fresh = newPayment(deps, {
    tenantId,
    provider: m.provider,
    kind: 'charge',
    mandateId: m.id,
    reference: input.reference,
    amount: input.amount,
    currency: input.currency,
    description: input.description,
    method: 'sepa_debit',
    returnUrl: null,
  })
  const inserted = await deps.store.insertPayment(fresh)
  let p = fresh
  let replayed = false
  if (!inserted.inserted) {
    const e = inserted.existing
    const same = e && e.kind === 'charge' && e.mandateId === m.id && e.amount === input.amount && e.description === input.description
    if (!e || !same) {
      return err({
        code: 'conflict',
        resource: 'payment',
        id: input.reference,
        detail: `reference ${input.reference} is already used by another payment of this tenant`,
      })
    }
    if (e.status !== 'creating') return ok({ payment: e, replayed: true })
    p = e
    replayed = true
  }
  const mandates = set.value.mandates
  if (!mandates) return err({ code: 'unprocessable', detail: 'no mandate provider' })
  const charged = await mandates.charge({
    chargeId: p.id,
    mandateRef: m.providerRef,
    amount: p.amount,
    currency: 'EUR',
    description: p.description,
    reference: p.reference,
  })
  if (charged.kind === 'unknown') return ok({ payment: await move(deps, p, { status: 'unknown' }), replayed })
  if (charged.kind !== 'ok') return err(providerError(charged))
  const status = charged.value.status === 'unknown' ? 'unknown' : charged.value.status
  return ok({
    payment: await move(deps, p, {
      status,
      providerRef: charged.value.providerRef,
      ...(status === 'paid' ? { paidAt: deps.clock() } : {}),
    }),
    replayed,
  })
}
