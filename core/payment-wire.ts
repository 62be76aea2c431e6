/**
 * The Opencity wire form of payments and events (v2.0): amounts as JSON numbers in euros, times as
 * ISO 8601 seconds with the Europe/Rome offset. Pure, so storage, HTTP and publishers emit the same
 * bytes for the same event.
 * @module
 */

import { eurosFromCents } from './money.ts'
import type { CheckLink, Link, Payment, PaymentEvent } from './payment.ts'
import { formatRome } from './rome-time.ts'

const t = (d: Date | null) => (d === null ? null : formatRome(d))
const link = (l: Link) => ({ url: l.url, last_opened_at: t(l.last_opened_at), method: l.method })
const check = (l: CheckLink) => ({ url: l.url, last_check_at: t(l.last_check_at), next_check_at: t(l.next_check_at), method: l.method })

export function paymentToWire(p: Payment) {
  return {
    id: p.id,
    user_id: p.user_id,
    type: p.type,
    tenant_id: p.tenant_id,
    service_id: p.service_id,
    created_at: formatRome(p.created_at),
    updated_at: formatRome(p.updated_at),
    status: p.status,
    reason: p.reason,
    remote_id: p.remote_id,
    ...(p.locale !== null ? { locale: p.locale } : {}),
    payment: {
      ...p.payment,
      paid_at: t(p.payment.paid_at),
      expire_at: t(p.payment.expire_at),
      amount: p.payment.amount === null ? null : eurosFromCents(p.payment.amount),
      split: p.payment.split.map((s) => ({ code: s.code, amount: s.amount === null ? null : eurosFromCents(s.amount), meta: s.meta })),
    },
    links: {
      online_payment_begin: link(p.links.online_payment_begin),
      online_payment_landing: link(p.links.online_payment_landing),
      offline_payment: link(p.links.offline_payment),
      receipt: link(p.links.receipt),
      notify: p.links.notify.map((n) => ({ url: n.url, method: n.method, sent_at: t(n.sent_at) })),
      update: check(p.links.update),
      confirm: check(p.links.confirm),
      cancel: check(p.links.cancel),
    },
    payer: p.payer,
    debtor: p.debtor,
  }
}

export type WirePayment = ReturnType<typeof paymentToWire>

export function eventToWire(e: PaymentEvent) {
  const { event_id, event_version, event_created_at, app_id, ...payment } = e
  return { ...paymentToWire(payment), event_id, event_version, event_created_at: formatRome(event_created_at), app_id }
}

export type WireEvent = ReturnType<typeof eventToWire>
