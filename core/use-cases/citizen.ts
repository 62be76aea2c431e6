/**
 * What the citizen's browser triggers (opencity.md §2.3): beginning the online payment (→ the
 * intermediary's checkout, PAYMENT_STARTED) and coming back to the landing (→ check, update, go on
 * to the platform's page).
 * @module
 */

import type { StoredPayment } from '../../ports/payment-repo.port.ts'
import { signedLink } from '../capability-link.ts'
import type { DomainError } from '../errors.ts'
import { laterOf, transition } from '../payment.ts'
import { err, ok, type Result } from '../result.ts'
import { checkPayment } from './check-payment.ts'
import { commit, emit, type PaymentDeps } from './payments.ts'

export type BeginResult = { readonly redirect: string; readonly stored: StoredPayment }

/** `GET /online-payment/{id}`: the checkout URL, or the landing when the payment is already complete. */
export async function beginOnlinePayment(deps: PaymentDeps, stored: StoredPayment): Promise<Result<BeginResult, DomainError>> {
  const now = deps.clock()
  const p = stored.payment
  const landing = await signedLink(deps, 'landing', p, now)
  if (p.status === 'COMPLETE') return ok({ redirect: p.links.online_payment_landing.url ?? landing, stored })
  if (p.status !== 'PAYMENT_PENDING' && p.status !== 'PAYMENT_STARTED') {
    const why =
      p.status === 'CREATION_PENDING'
        ? 'the payment is still being created; try again in a minute'
        : `the payment is ${p.status} and cannot be paid`
    return err({ code: 'conflict', resource: 'payment', id: p.id, detail: why })
  }
  const provider = deps.providers[stored.intermediary]
  const tenant = await deps.tenants.get(p.tenant_id)
  // A notice number is enough to open a checkout (imported payments have no intermediary reference).
  if (!provider || !tenant || (stored.providerRef === null && p.payment.notice_code === null) || p.payment.amount === null) {
    return err({ code: 'unavailable', dependency: `intermediary ${stored.intermediary}` })
  }
  const out = await provider.checkout({
    ref: { providerRef: stored.providerRef ?? '', creditor: deps.creditorOf(tenant), noticeCode: p.payment.notice_code },
    amount: p.payment.amount,
    reason: (p.reason ?? p.payment.iud).slice(0, 140),
    payerEmail: (p.debtor ?? p.payer).email ?? null,
    returnUrls: { ok: `${landing}&outcome=ok`, cancel: `${landing}&outcome=cancel`, error: `${landing}&outcome=error` },
  })
  if (out.kind !== 'ok') {
    deps.logger.warn('checkout could not start', { payment_id: p.id, kind: out.kind, reason: out.reason })
    return err({ code: 'unavailable', dependency: `intermediary ${stored.intermediary}` })
  }
  const opened = { ...p.links, online_payment_begin: { ...p.links.online_payment_begin, last_opened_at: now } }
  const moved = transition(p, 'PAYMENT_STARTED', now, { links: opened })
  const after = moved.ok && moved.changed ? moved.payment : { ...p, links: opened, updated_at: laterOf(now, p.updated_at) }
  const event = moved.ok && moved.changed ? emit(deps, moved.payment, now) : null
  return ok({ redirect: out.value.url, stored: await commit(deps, stored, { ...stored, payment: after }, event, now) })
}

/** `GET /landing/{id}`: checks the intermediary now, records the visit, and says where to send the browser. */
export async function land(
  deps: PaymentDeps,
  stored: StoredPayment,
): Promise<{ readonly redirect: string; readonly stored: StoredPayment }> {
  const checked = (await checkPayment(deps, stored)).stored
  const now = deps.clock()
  const p = checked.payment
  const visited = {
    ...p,
    updated_at: laterOf(now, p.updated_at),
    links: { ...p.links, online_payment_landing: { ...p.links.online_payment_landing, last_opened_at: now } },
  }
  const saved = await commit(deps, checked, { ...checked, payment: visited }, null, now)
  const target =
    p.links.online_payment_landing.url ??
    (p.status === 'COMPLETE'
      ? (p.links.receipt.url ?? (await signedLink(deps, 'receipt', p, now)))
      : (p.links.online_payment_begin.url ?? (await signedLink(deps, 'online-payment', p, now))))
  return { redirect: target, stored: saved }
}
