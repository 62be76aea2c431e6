/**
 * What the SEPA Direct Debit slice of the Revolut simulator holds (providers.md §2.7): customers
 * with the `sepa_direct_debit` methods saved for the merchant, zero-amount mandate orders, debit
 * orders, and every debit submitted; with the views the API answers with.
 * @module
 */

import type { Context } from 'hono'

export type SavedMethod = { id: string; customerId: string; lastFour: string; mandateReference: string; createdAt: Date }
export type SddPayment = {
  id: string
  state: string
  createdAt: Date
  updatedAt: Date
  amount: number
  method: SavedMethod
  orderId: string
}
export type SddOrder = {
  id: string
  kind: 'mandate' | 'debit'
  state: 'pending' | 'processing' | 'completed' | 'cancelled' | 'failed'
  amount: number
  description: string | null
  customerId: string
  reference: string | null
  redirectUrl: string | null
  metadata: Record<string, string> | null
  createdAt: Date
  updatedAt: Date
  payments: SddPayment[]
}
export type SddCustomer = { id: string; email: string; fullName: string | null; methods: Map<string, SavedMethod> }

/** The test IBAN the mandate page and the accept hook offer by default. */
export const DEFAULT_IBAN = 'IT60X0542811101000000123456'

export type MandateState = ReturnType<typeof mandateState>

export function mandateState(now: () => Date, newId: () => string) {
  const customers = new Map<string, SddCustomer>()
  const orders = new Map<string, SddOrder>()
  const payments: SddPayment[] = []

  function touch(o: SddOrder, state: SddOrder['state']) {
    o.state = state
    o.updatedAt = now()
  }

  /** The simulator's base URL from an `/api/…`, `/sdd/…` or `/test/…` request. */
  const base = (c: Context) => {
    const url = new URL(c.req.url)
    const at = url.pathname.indexOf('/api/')
    return `${url.origin}${at >= 0 ? url.pathname.slice(0, at) : url.pathname.replace(/\/(sdd|test)\/.*$/, '')}`
  }

  return {
    now,
    newId,
    customers,
    orders,
    payments,
    touch,
    /** The customer gives the IBAN and consents: a payment method saved for the merchant, the mandate order completed. */
    accept: (o: SddOrder, iban: string): boolean => {
      const x = customers.get(o.customerId)
      if (o.kind !== 'mandate' || o.state !== 'pending' || !x) return false
      const t = now()
      const m: SavedMethod = {
        id: newId(),
        customerId: x.id,
        lastFour: iban.slice(-4),
        mandateReference: `VARCO-${newId().replace(/-/g, '').slice(0, 16).toUpperCase()}`,
        createdAt: t,
      }
      x.methods.set(m.id, m)
      o.payments.push({ id: newId(), state: 'completed', createdAt: t, updatedAt: t, amount: 0, method: m, orderId: o.id })
      touch(o, 'completed')
      return true
    },
    refuse: (o: SddOrder): boolean => {
      if (o.kind !== 'mandate' || o.state !== 'pending') return false
      touch(o, 'cancelled')
      return true
    },
    methodView: (m: SavedMethod) => ({
      id: m.id,
      type: 'sepa_direct_debit',
      saved_for: 'merchant',
      created_at: m.createdAt.toISOString(),
      method_details: { debtor_iban_last_four: m.lastFour, mandate_reference: m.mandateReference },
    }),
    view: (c: Context, o: SddOrder) => {
      const x = customers.get(o.customerId)
      return {
        id: o.id,
        token: o.id,
        type: 'payment',
        state: o.state,
        created_at: o.createdAt.toISOString(),
        updated_at: o.updatedAt.toISOString(),
        ...(o.description ? { description: o.description } : {}),
        amount: o.amount,
        currency: 'EUR',
        outstanding_amount: o.state === 'completed' ? 0 : o.amount,
        capture_mode: 'automatic',
        checkout_url: `${base(c)}/sdd/${o.id}`,
        customer: { id: o.customerId, email: x?.email, ...(x?.fullName ? { full_name: x.fullName } : {}) },
        ...(o.reference ? { merchant_order_data: { reference: o.reference } } : {}),
        ...(o.redirectUrl ? { redirect_url: o.redirectUrl } : {}),
        ...(o.metadata ? { metadata: o.metadata } : {}),
        payments: o.payments.map((p) => ({
          id: p.id,
          state: p.state,
          created_at: p.createdAt.toISOString(),
          updated_at: p.updatedAt.toISOString(),
          amount: p.amount,
          currency: 'EUR',
          payment_method: {
            type: 'sepa_direct_debit',
            id: p.method.id,
            debtor_iban_last_four: p.method.lastFour,
            debtor_name: x?.fullName ?? null,
            mandate_reference: p.method.mandateReference,
          },
        })),
      }
    },
  }
}
