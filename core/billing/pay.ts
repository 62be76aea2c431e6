/**
 * Paying a package: a Checkout Session (one per click, replayed by idempotency), the session as
 * Stripe reports it applied forward-only (SEPA: processing, then paid or due again), or a bank
 * transfer the billing operator records. Whatever marks a package paid then brings the subscription
 * to what the plan says (reactivating a suspended tenant) and finishes the invoice.
 * @module
 */

import type { BillingSession } from '../../ports/billing-checkout.port.ts'
import type { BillingAccount } from '../../ports/billing-repo.port.ts'
import { type DomainError, providerError } from '../errors.ts'
import { err, ok, type Result } from '../result.ts'
import { grossCents, openAccount } from './account.ts'
import type { BillingDeps } from './deps.ts'
import { finishInvoice } from './invoice.ts'
import { type BillingPackage, type MarkPaidVia, type PackageNumber, planStatus } from './model.ts'
import { bonificoReady } from './settings.ts'
import { loadSettings } from './settings-store.ts'

const conflict = (n: number, detail: string): DomainError => ({ code: 'conflict', resource: 'billing package', id: String(n), detail })

export async function startCheckout(
  deps: BillingDeps,
  tenantId: string,
  n: PackageNumber,
): Promise<Result<{ checkout_url: string; session_id: string }, DomainError>> {
  const opened = await openAccount(deps, tenantId)
  if (!opened.ok) return opened
  const pkg = opened.value.packages.find((p) => p.number === n)
  if (!pkg) return err({ code: 'not_found', resource: 'billing package', id: String(n) })
  if (pkg.status === 'paid') return err(conflict(n, 'the package is paid already'))
  if (pkg.status === 'processing') return err(conflict(n, 'a SEPA debit for this package is being processed'))
  if (opened.value.customer === null) return err(conflict(n, 'set the invoicing data first (PUT /billing/customer)'))
  const checkout = deps.checkout
  if (checkout === null) return err({ code: 'unavailable', dependency: 'stripe (STRIPE_SECRET_KEY)' })
  if (pkg.checkoutSessionId) {
    const prev = await checkout.readSession(pkg.checkoutSessionId)
    if (prev.kind === 'ok' && prev.value.status === 'open' && prev.value.url)
      return ok({ checkout_url: prev.value.url, session_id: prev.value.id })
    if (prev.kind === 'ok' && prev.value.paid) {
      await applySession(deps, pkg, prev.value)
      return err(conflict(n, 'the package is paid already'))
    }
  }
  const settings = await loadSettings(deps)
  if (!settings.ok) return settings
  const created = await checkout.createSession({
    tenantId,
    packageNumber: n,
    amountCents: grossCents(pkg.priceCents),
    priceId: deps.config.priceId,
    productName: `Pacchetto Onboarding #${n} (€ ${(pkg.priceCents / 100).toFixed(2)} + IVA 22%)`,
    successUrl: settings.value.success_url.value ?? `${deps.config.defaultReturnUrl}?payment=success`,
    cancelUrl: settings.value.cancel_url.value ?? `${deps.config.defaultReturnUrl}?payment=cancel`,
    customerEmail: opened.value.customer.email,
    // Derived from what the click is about: a double click (or a retry) replays the same session.
    idempotencyKey: `varco-billing-${tenantId}-${n}-after-${pkg.checkoutSessionId ?? 'none'}`,
  })
  if (created.kind !== 'ok') return err(providerError(created))
  await deps.repo.setCheckout(tenantId, n, created.value.id, deps.clock())
  return ok({ checkout_url: created.value.url, session_id: created.value.id })
}

/** After a payment: the subscription as the plan says (e.g. suspended → active). */
export async function settleStatus(deps: BillingDeps, account: BillingAccount): Promise<void> {
  const target = planStatus(account.subscription, account.packages, deps.clock())
  if (target !== account.subscription.status && target !== 'trial') {
    await deps.repo.setStatus(account.subscription.tenantId, account.subscription.status, target, deps.clock())
  }
}

async function paid(deps: BillingDeps, tenantId: string, n: PackageNumber, via: MarkPaidVia): Promise<'paid' | 'already' | 'missing'> {
  const marked = await deps.repo.markPaid(tenantId, n, via)
  if (marked === 'missing') return marked
  const account = await deps.repo.get(tenantId)
  if (account) {
    await settleStatus(deps, account)
    await finishInvoice(deps, account, n)
  }
  return marked
}

export type Applied = 'paid' | 'already' | 'processing' | 'failed' | 'open' | 'expired' | 'foreign'

/** What Stripe says of the package's session, applied forward-only. */
export async function applySession(deps: BillingDeps, pkg: BillingPackage, s: BillingSession): Promise<Applied> {
  if (s.tenantId !== pkg.tenantId || s.packageNumber !== pkg.number) return 'foreign'
  const expected = grossCents(pkg.priceCents)
  if (s.paid) {
    if (s.amountCents !== expected)
      deps.logger.warn('billing: Stripe charged another amount than the package costs', {
        tenant_id: pkg.tenantId,
        package: pkg.number,
        charged_cents: s.amountCents,
        expected_cents: expected,
      })
    const r = await paid(deps, pkg.tenantId, pkg.number, {
      via: s.method ?? 'card',
      ref: s.paymentRef,
      at: s.paidAt ?? deps.clock(),
      sessionId: s.id,
    })
    return r === 'missing' ? 'foreign' : r
  }
  if (s.status === 'complete' && s.failed) {
    await deps.repo.markFailed(pkg.tenantId, pkg.number, s.id, deps.clock())
    return 'failed'
  }
  if (s.status === 'complete') {
    await deps.repo.markProcessing(pkg.tenantId, pkg.number, s.id, deps.clock())
    return 'processing'
  }
  return s.status
}

/** Re-reads the package's session at Stripe and applies it. */
export async function refreshPackage(deps: BillingDeps, pkg: BillingPackage): Promise<Result<Applied, DomainError>> {
  if (deps.checkout === null) return err({ code: 'unavailable', dependency: 'stripe (STRIPE_SECRET_KEY)' })
  if (!pkg.checkoutSessionId) return ok('open')
  const read = await deps.checkout.readSession(pkg.checkoutSessionId)
  if (read.kind !== 'ok') return err(providerError(read))
  return ok(await applySession(deps, pkg, read.value))
}

/** The billing operator records a bank transfer: the package is paid (once) and invoiced like a card payment. */
export async function markPaidByTransfer(
  deps: BillingDeps,
  tenantId: string,
  n: PackageNumber,
  transfer: { readonly riferimento: string; readonly paidAt: Date | null },
): Promise<Result<'paid' | 'already', DomainError>> {
  const settings = await loadSettings(deps)
  if (!settings.ok) return settings
  if (!bonificoReady(settings.value)) return err(conflict(n, 'bank transfers are not configured (bonifico_* settings)'))
  const opened = await openAccount(deps, tenantId)
  if (!opened.ok) return opened
  const pkg = opened.value.packages.find((p) => p.number === n)
  if (pkg?.status === 'paid') return err(conflict(n, 'the package is paid already'))
  if (pkg?.status === 'processing') return err(conflict(n, 'a SEPA debit for this package is being processed'))
  const r = await paid(deps, tenantId, n, {
    via: 'bonifico',
    ref: transfer.riferimento,
    at: transfer.paidAt ?? deps.clock(),
    sessionId: null,
  })
  if (r === 'missing') return err({ code: 'not_found', resource: 'billing package', id: String(n) })
  return ok(r)
}
