/** Validated wire event (euros, ISO strings) → domain event (cents, Dates). @module */

import type { Cents } from '../core/money.ts'
import { centsFromEuros } from '../core/money.ts'
import { type Link, normaliseStatus, type PartyData, type PaymentEvent } from '../core/payment.ts'
import type { PaymentEventIn } from '../openapi/payment-event.ts'

const d = (s: string | null | undefined): Date | null => (s === null || s === undefined ? null : new Date(s))
const c = (e: number | null | undefined): Cents | null => (e === null || e === undefined ? null : centsFromEuros(e))
const link = (
  l: { url?: string | null | undefined; last_opened_at?: string | null | undefined; method?: Link['method'] | undefined } | undefined,
): Link => ({
  url: l?.url ?? null,
  last_opened_at: d(l?.last_opened_at),
  method: l?.method ?? 'GET',
})
const check = (
  l:
    | {
        url?: string | null | undefined
        last_check_at?: string | null | undefined
        next_check_at?: string | null | undefined
        method?: Link['method'] | undefined
      }
    | undefined,
  method: Link['method'],
) => ({ url: l?.url ?? null, last_check_at: d(l?.last_check_at), next_check_at: d(l?.next_check_at), method: l?.method ?? method })

function party(p: PaymentEventIn['payer']): PartyData {
  return {
    type: p.type,
    tax_identification_number: p.tax_identification_number.toUpperCase(),
    name: p.name,
    family_name: p.family_name ?? null,
    street_name: p.street_name ?? null,
    building_number: p.building_number ?? null,
    postal_code: p.postal_code ?? null,
    town_name: p.town_name ?? null,
    country_subdivision: p.country_subdivision ?? null,
    country: p.country ?? null,
    email: p.email ? p.email : null,
  }
}

export function eventFromWire(e: PaymentEventIn): PaymentEvent {
  const r = e.payment.receiver
  return {
    id: e.id.toLowerCase(),
    user_id: e.user_id ?? null,
    type: e.type,
    tenant_id: e.tenant_id.toLowerCase(),
    service_id: e.service_id.toLowerCase(),
    created_at: new Date(e.created_at),
    updated_at: new Date(e.updated_at),
    status: normaliseStatus(e.status),
    reason: e.reason ?? null,
    remote_id: e.remote_id ?? null,
    locale: e.locale ?? null,
    payment: {
      transaction_id: e.payment.transaction_id ?? null,
      paid_at: d(e.payment.paid_at),
      expire_at: d(e.payment.expire_at),
      amount: c(e.payment.amount),
      currency: 'EUR',
      type: e.payment.type ?? null,
      notice_code: e.payment.notice_code ?? null,
      iud: e.payment.iud,
      iuv: e.payment.iuv ?? null,
      receiver: r ? { tax_identification_number: r.tax_identification_number, name: r.name } : null,
      due_type: e.payment.due_type ?? null,
      pagopa_category: e.payment.pagopa_category ?? null,
      document: e.payment.document
        ? { id: e.payment.document.id ?? null, ref: e.payment.document.ref ?? null, hash: e.payment.document.hash }
        : null,
      split: e.payment.split.map((s) => ({ code: s.code, amount: c(s.amount), meta: s.meta })),
    },
    links: {
      online_payment_begin: link(e.links.online_payment_begin),
      online_payment_landing: link(e.links.online_payment_landing),
      offline_payment: link(e.links.offline_payment),
      receipt: link(e.links.receipt),
      notify: (e.links.notify ?? []).map((n) => ({ url: n.url, method: n.method ?? 'POST', sent_at: d(n.sent_at) })),
      update: check(e.links.update, 'GET'),
      confirm: check(e.links.confirm, 'PATCH'),
      cancel: check(e.links.cancel, 'PATCH'),
    },
    payer: party(e.payer),
    debtor: e.debtor ? party(e.debtor) : null,
    event_id: e.event_id.toLowerCase(),
    event_version: '2.0',
    event_created_at: new Date(e.event_created_at),
    app_id: e.app_id,
  }
}
