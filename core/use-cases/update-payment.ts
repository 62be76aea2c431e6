/**
 * `GET /update/{id}` (opencity.md §5.3): the platform's poller asks for a fresh state. The
 * intermediary is asked at most once per payment per `minIntervalMs`; otherwise, and for final
 * payments, the stored state is the answer. Concurrent callers (in this process or another) race for
 * a claim: a guarded write of `links.update.last_check_at`; only the winner asks the intermediary,
 * the others answer what is stored.
 * @module
 */

import type { StoredPayment } from '../../ports/payment-repo.port.ts'
import { isFinal, laterOf } from '../payment.ts'
import { checkPayment } from './check-payment.ts'
import type { PaymentDeps } from './payments.ts'

export type UpdateResult = { readonly stored: StoredPayment; readonly checked: boolean }

export async function updateOnDemand(deps: PaymentDeps, stored: StoredPayment, minIntervalMs: number): Promise<UpdateResult> {
  const now = deps.clock()
  const p = stored.payment
  if (isFinal(p.status)) return { stored, checked: false }
  const last = p.links.update.last_check_at
  if (last !== null && now.getTime() - last.getTime() < minIntervalMs) return { stored, checked: false }

  const claimed: StoredPayment = {
    ...stored,
    payment: {
      ...p,
      updated_at: laterOf(now, p.updated_at),
      links: { ...p.links, update: { ...p.links.update, last_check_at: now } },
    },
  }
  const claim = await deps.payments.update({ stored: claimed, events: [], publish: [], at: now }, p.updated_at)
  if (!claim.ok) return { stored: (await deps.payments.get(p.tenant_id, p.id)) ?? stored, checked: false }
  return { stored: (await checkPayment(deps, claimed)).stored, checked: true }
}
