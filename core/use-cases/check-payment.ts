/**
 * Checks one payment at its intermediary and applies what it finds, forward-only (§4, §5.3):
 * paid → COMPLETE (paid_at, transaction_id, receipt link); expired → EXPIRED; withdrawn → CANCELED;
 * still pending → next check per the polling schedule (EXPIRED when it runs out). A payment still
 * CREATION_PENDING gets its creation retried. Failures to read are rescheduled, never turned into a state.
 * @module
 */

import type { ProviderPayment } from '../../ports/payment-provider.port.ts'
import type { StoredPayment } from '../../ports/payment-repo.port.ts'
import { signedLink } from '../capability-link.ts'
import { isFinal, laterOf, type Payment, transition } from '../payment.ts'
import { nextCheck } from '../polling.ts'
import { commit, createAtIntermediary, emit, type PaymentDeps } from './payments.ts'

export type CheckResult = { readonly stored: StoredPayment; readonly read: 'ok' | 'failed' | 'skipped' }

function scheduled(p: Payment, now: Date): Payment | 'expire' {
  const check = nextCheck(p.created_at, now)
  if ('expire' in check) return 'expire'
  return {
    ...p,
    updated_at: laterOf(now, p.updated_at),
    links: { ...p.links, update: { ...p.links.update, last_check_at: now, next_check_at: check.next } },
  }
}

async function applied(deps: PaymentDeps, p: Payment, found: ProviderPayment, now: Date): Promise<Payment | 'expire' | null> {
  const done = { ...p.links.update, last_check_at: now, next_check_at: null }
  switch (found.status) {
    case 'paid': {
      const payment = { ...p.payment, paid_at: found.paidAt ?? now, transaction_id: found.transactionId }
      const receipt = { ...p.links.receipt, url: await signedLink(deps, 'receipt', { ...p, payment }, now) }
      const r = transition(p, 'COMPLETE', now, { payment, links: { ...p.links, receipt, update: done } })
      return r.ok ? r.payment : null
    }
    case 'expired':
      return 'expire'
    case 'canceled': {
      const r = transition(p, 'CANCELED', now, { links: { ...p.links, update: done } })
      return r.ok ? r.payment : null
    }
    case 'pending':
    case 'unknown':
      return scheduled(p, now)
  }
}

export async function checkPayment(deps: PaymentDeps, stored: StoredPayment): Promise<CheckResult> {
  const now = deps.clock()
  const p = stored.payment
  if (p.status === 'CREATION_PENDING') return { stored: await createAtIntermediary(deps, stored), read: 'ok' }
  if (isFinal(p.status)) return { stored, read: 'skipped' }

  const provider = deps.providers[stored.intermediary]
  const tenant = await deps.tenants.get(p.tenant_id)
  let next: Payment | 'expire' | null
  let read: CheckResult['read'] = 'ok'
  if (!provider || !tenant || (stored.providerRef === null && p.payment.notice_code === null)) {
    // No adapter, or nothing to look the payment up by: keep polling on schedule.
    next = scheduled(p, now)
    read = 'skipped'
  } else {
    // Imported payments have no intermediary reference: '' asks the adapter to look up by notice number.
    const outcome = await provider.read({
      providerRef: stored.providerRef ?? '',
      creditor: deps.creditorOf(tenant),
      noticeCode: p.payment.notice_code,
    })
    if (outcome.kind === 'ok') next = await applied(deps, p, outcome.value, now)
    else {
      deps.logger.warn('intermediary check failed; rescheduled', { payment_id: p.id, kind: outcome.kind, reason: outcome.reason })
      next = scheduled(p, now)
      read = 'failed'
    }
  }
  if (next === null) return { stored, read }
  if (next === 'expire') {
    const r = transition(p, 'EXPIRED', now, {
      links: { ...p.links, update: { ...p.links.update, last_check_at: now, next_check_at: null } },
    })
    if (!r.ok) return { stored, read }
    return { stored: await commit(deps, stored, { ...stored, payment: r.payment }, emit(deps, r.payment, now), now), read }
  }
  const changedState = next.status !== p.status
  return { stored: await commit(deps, stored, { ...stored, payment: next }, changedState ? emit(deps, next, now) : null, now), read }
}
