/**
 * The OnPay simulator's payment links, stored per credential quaterna (key, gateway, gateway key,
 * gateway secret) and extId, with the circuit notifications recorded for each; and the payment
 * method table `get_payment_method` lists (a circuit's new method gets the next code).
 * @module
 */

import type { Gateway } from './credentials.ts'

/** The circuit status a payment records in "all notifications" mode; basic mode reports `completed`. */
const PAID_STATUS: Record<Gateway, string> = { nexi: 'OK', multisafepay: 'completed', volt: 'COMPLETED' }
/** Statuses that count as paid for basic notifications and get_users. */
export const PAID = new Set(['completed', 'ok', 'executed', 'shipped', 'received', 'settled'])

export type LinkEvent = { status: string; at: Date; paymentType: number }
export type Link = {
  quaterna: string
  key: string
  gateway: Gateway
  gatewayApiKey: string
  gatewaySecretKey: string
  extId: string
  orderId: string
  amount: number
  currency: string
  description: string
  expDate: Date
  completedUrl: string
  canceledUrl: string
  createdAt: Date
  events: LinkEvent[]
}

export type OnpayState = ReturnType<typeof onpayState>

export function onpayState(now: () => Date, newId: () => string) {
  const links = new Map<string, Link>() // key: quaterna + '|' + extId
  const byOrder = new Map<string, Link>()
  const methods: Array<{ code_number: number; code_description: string; code_number_merged: number }> = [
    { code_number: 1, code_description: 'VISA', code_number_merged: 1 },
    { code_number: 2, code_description: 'MASTERCARD', code_number_merged: 2 },
    { code_number: 3, code_description: 'VISA CREDIT CARD', code_number_merged: 1 },
  ]
  const methodCode = (description: string, merged: number) => {
    const found = methods.find((m) => m.code_description === description)
    if (found) return found.code_number
    const code_number = methods.length + 1
    methods.push({ code_number, code_description: description, code_number_merged: merged })
    return code_number
  }
  const isPaid = (l: Link) => l.events.some((e) => PAID.has(e.status.toLowerCase()))
  const byExtId = (extId: string) => [...links.values()].find((x) => x.extId === extId)

  return {
    now,
    newId,
    links,
    methods,
    isPaid,
    add: (link: Link) => {
      links.set(`${link.quaterna}|${link.extId}`, link)
      byOrder.set(link.orderId, link)
    },
    has: (quaterna: string, extId: string) => links.has(`${quaterna}|${extId}`),
    byOrder: (orderId: string) => byOrder.get(orderId),
    byExtId,
    /** Pays a link as its circuit would: one notification with the circuit's paid status. */
    pay: (l: Link): 'paid' | 'already' | 'expired' => {
      if (isPaid(l)) return 'already'
      if (l.expDate <= now()) return 'expired'
      const [description, merged] = l.gateway === 'volt' ? ['VOLT PAY BY BANK', 100] : ['VISA', 1]
      l.events.push({ status: PAID_STATUS[l.gateway], at: now(), paymentType: methodCode(description, merged) })
      return 'paid'
    },
    /** Records a circuit status for the link of `extId` (as a notification); false when there is none. */
    notify: (extId: string, status: string): boolean => {
      const l = byExtId(extId)
      if (!l) return false
      l.events.push({ status, at: now(), paymentType: methodCode('VISA', 1) })
      return true
    },
  }
}
