/**
 * Payment links (`POST /payment/v2/links`) and reading a payment back (`GET /payment/v2/payments/{id}`).
 * A link is stored before the provider is called, so (tenant, reference) decides idempotency
 * atomically: the same request again returns the same link (and retries a create that did not go
 * through); another body under the same reference is a conflict. Provider creates are idempotent per
 * payment id. A lost answer leaves the payment `unknown` (202), reconciled on read, never `failed`.
 * @module
 */

import type { ProviderPaymentStatus } from '../../ports/payment-provider.port.ts'
import type { TenantProviderSet } from '../../ports/tenant-providers.port.ts'
import { type DomainError, type FieldIssue, providerError } from '../errors.ts'
import { cents } from '../money.ts'
import { err, ok, type Result } from '../result.ts'
import type { PaymentsV2Deps } from './deps.ts'
import { offeredMethods } from './methods.ts'
import { canMovePayment, isFinalV2, type V2Method, type V2Payment, type V2PaymentStatus } from './model.ts'

export type LinkInput = {
  readonly amount: number
  readonly currency: 'EUR'
  readonly description: string
  readonly reference: string
  readonly method: V2Method
  readonly returnUrl: string
}

/** `created`: stored now; `replayed`: the same request was seen before. `status` unknown means 202. */
export type PaymentResult = { readonly payment: V2Payment; readonly replayed: boolean }

const REFERENCE = /^[A-Za-z0-9._:/-]{1,64}$/

export function checkAmountAndReference(input: { amount: number; description: string; reference: string }): FieldIssue[] {
  const issues: FieldIssue[] = []
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
    issues.push({ path: 'amount', message: 'must be a positive integer of cents' })
  if (input.description.trim() === '' || input.description.length > 500)
    issues.push({ path: 'description', message: 'must be 1-500 characters' })
  if (!REFERENCE.test(input.reference)) issues.push({ path: 'reference', message: 'must be 1-64 characters of A-Z a-z 0-9 . _ : / -' })
  return issues
}

/** A link or charge as first stored: `creating`, before the provider is called (the reference is taken atomically). */
export function newPayment(
  deps: Pick<PaymentsV2Deps, 'clock' | 'newId'>,
  fields: Omit<V2Payment, 'id' | 'amount' | 'status' | 'providerRef' | 'paymentUrl' | 'paidAt' | 'createdAt' | 'updatedAt'> & {
    readonly amount: number
  },
): V2Payment {
  const now = deps.clock()
  return {
    ...fields,
    id: deps.newId(),
    amount: cents(fields.amount),
    status: 'creating',
    providerRef: null,
    paymentUrl: null,
    paidAt: null,
    createdAt: now,
    updatedAt: now,
  }
}

const sameLink = (p: V2Payment, i: LinkInput): boolean =>
  p.kind === 'link' &&
  p.amount === i.amount &&
  p.currency === i.currency &&
  p.description === i.description &&
  p.method === i.method &&
  p.returnUrl === i.returnUrl

export async function createLink(deps: PaymentsV2Deps, tenantId: string, input: LinkInput): Promise<Result<PaymentResult, DomainError>> {
  const issues = checkAmountAndReference(input)
  if (issues.length > 0) return err({ code: 'validation', issues })
  const set = await deps.providers(tenantId)
  if (!set.ok) return set
  const offered = await offeredMethods(set.value)
  if (!offered.ok) return offered
  if (!offered.value.some((m) => m.id === input.method)) {
    return err({ code: 'provider.method_unavailable', provider: set.value.provider, method: input.method })
  }
  const fresh = newPayment(deps, {
    tenantId,
    provider: set.value.provider,
    kind: 'link',
    mandateId: null,
    reference: input.reference,
    amount: input.amount,
    currency: input.currency,
    description: input.description,
    method: input.method,
    returnUrl: input.returnUrl,
  })
  const inserted = await deps.store.insertPayment(fresh)
  if (!inserted.inserted) {
    const existing = inserted.existing
    if (!existing || !sameLink(existing, input)) {
      return err({
        code: 'conflict',
        resource: 'payment',
        id: input.reference,
        detail: `reference ${input.reference} is already used by another payment of this tenant`,
      })
    }
    if (existing.status !== 'creating') return ok({ payment: existing, replayed: true })
    const again = await submitLink(deps, set.value, existing)
    return again.ok ? ok({ payment: again.value, replayed: true }) : again
  }
  const submitted = await submitLink(deps, set.value, fresh)
  return submitted.ok ? ok({ payment: submitted.value, replayed: false }) : submitted
}

/** Creates the payment at the provider and gets its hosted page. Idempotent per payment id. */
async function submitLink(deps: PaymentsV2Deps, set: TenantProviderSet, p: V2Payment): Promise<Result<V2Payment, DomainError>> {
  const creditor = await deps.creditorOf(p.tenantId)
  if (!creditor) return err({ code: 'not_found', resource: 'tenant', id: p.tenantId })
  const provider = set.payments(p.method)
  const now = deps.clock()
  const returnUrl = p.returnUrl ?? deps.publicUrl
  const created = await provider.create({
    paymentId: p.id,
    creditor,
    amount: p.amount,
    currency: 'EUR',
    reason: p.description,
    dueAt: new Date(now.getTime() + 30 * 86_400_000),
    payer: { kind: 'legal', taxId: '', name: p.reference },
    transfers: [],
    returnUrls: { ok: returnUrl, cancel: returnUrl, error: returnUrl },
  })
  if (created.kind === 'unknown') {
    deps.logger.warn('payments v2: create outcome unknown; will reconcile on read', { payment_id: p.id, reason: created.reason })
    return ok(await move(deps, p, { status: 'unknown' }))
  }
  if (created.kind !== 'ok') return err(providerError(created))
  const ref = { providerRef: created.value.providerRef, creditor, noticeCode: null }
  const page = await provider.checkout({
    ref,
    amount: p.amount,
    reason: p.description,
    payerEmail: null,
    returnUrls: { ok: returnUrl, cancel: returnUrl, error: returnUrl },
  })
  if (page.kind === 'ok') {
    return ok(await move(deps, p, { status: 'pending', providerRef: ref.providerRef, paymentUrl: page.value.url }))
  }
  // Created, but no page (yet): keep the reference; reads reconcile the status.
  deps.logger.warn('payments v2: created without a payment page', { payment_id: p.id, outcome: page.kind })
  const unknown = await move(deps, p, { status: 'unknown', providerRef: ref.providerRef })
  return page.kind === 'unknown' ? ok(unknown) : err(providerError(page))
}

/**
 * Writes a forward move guarded by the current status. `creating → creating` with new fields (a
 * provider reference) is allowed; anything else must go forward. Returns what is stored afterwards.
 */
export async function move(
  deps: Pick<PaymentsV2Deps, 'store' | 'clock'>,
  p: V2Payment,
  change: { status: V2PaymentStatus; providerRef?: string | null; paymentUrl?: string | null; paidAt?: Date | null },
): Promise<V2Payment> {
  const sameStatus = change.status === p.status
  if (!sameStatus && !canMovePayment(p.status, change.status)) return p
  if (sameStatus && isFinalV2(p.status)) return p
  const next: V2Payment = {
    ...p,
    status: change.status,
    providerRef: change.providerRef ?? p.providerRef,
    paymentUrl: change.paymentUrl ?? p.paymentUrl,
    paidAt: change.paidAt ?? p.paidAt,
    updatedAt: deps.clock(),
  }
  if (await deps.store.updatePayment(next, p.status)) return next
  return (await deps.store.getPayment(p.tenantId, p.id)) ?? p
}

const FROM_PROVIDER: Readonly<Record<ProviderPaymentStatus, V2PaymentStatus | null>> = {
  pending: 'pending',
  paid: 'paid',
  expired: 'expired',
  canceled: 'canceled',
  unknown: null,
}

export type Refreshed = { readonly payment: V2Payment; readonly readFailed: boolean }

/**
 * Re-reads a payment that is not final from its provider and applies what it says, forward only.
 * A failed read leaves the payment as stored (`readFailed`).
 */
export async function refreshPayment(deps: PaymentsV2Deps, p: V2Payment): Promise<Refreshed> {
  if (isFinalV2(p.status)) return { payment: p, readFailed: false }
  const set = await deps.providers(p.tenantId)
  if (!set.ok || set.value.provider !== p.provider) return { payment: p, readFailed: true }
  if (p.providerRef === null) {
    if (p.kind !== 'link') return { payment: p, readFailed: true }
    // The create's answer was lost: creating again is idempotent (per payment id) and finds it.
    const again = await submitLink(deps, set.value, p)
    return again.ok ? { payment: again.value, readFailed: false } : { payment: p, readFailed: true }
  }
  if (p.kind === 'charge') {
    const mandates = set.value.mandates
    if (!mandates) return { payment: p, readFailed: true }
    const read = await mandates.readCharge(p.providerRef)
    if (read.kind !== 'ok') return { payment: p, readFailed: true }
    const to = FROM_PROVIDER[read.value.status]
    return { payment: to ? await move(deps, p, { status: to, ...(to === 'paid' ? { paidAt: deps.clock() } : {}) }) : p, readFailed: false }
  }
  const creditor = await deps.creditorOf(p.tenantId)
  if (!creditor) return { payment: p, readFailed: true }
  const read = await set.value.payments(p.method).read({ providerRef: p.providerRef, creditor, noticeCode: null })
  if (read.kind !== 'ok') return { payment: p, readFailed: true }
  const to = FROM_PROVIDER[read.value.status]
  if (to === null) {
    deps.logger.warn('payments v2: provider status unknown; left as is', { payment_id: p.id, raw_status: read.value.rawStatus })
    return { payment: p, readFailed: false }
  }
  return { payment: await move(deps, p, { status: to, paidAt: read.value.paidAt }), readFailed: false }
}

export async function getPayment(deps: PaymentsV2Deps, tenantId: string, id: string): Promise<Result<V2Payment, DomainError>> {
  const p = await deps.store.getPayment(tenantId, id)
  if (!p) return err({ code: 'not_found', resource: 'payment', id })
  return ok((await refreshPayment(deps, p)).payment)
}
