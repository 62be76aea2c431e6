/**
 * The marca da bollo digitale of a STAMP payment (opencity.md §1 step 3): the payload to the
 * intermediary needs the province of residence of whoever pays (`country_subdivision`) and the
 * hash of the stamped document (`payment.document.hash`). Both come from the event; when either
 * is missing the payment cannot be created, and nothing is made up in its place.
 * @module
 */

import type { Payment } from './payment.ts'

/** The only stamp type pagoPA issues today: €16 (tipo bollo 01). */
export const STAMP_TYPE = '01'

export type DigitalStamp = { readonly hashDocument: string; readonly stampType: string; readonly provincialResidence: string }

/** The stamp of a STAMP payment, or why it cannot be issued (names the missing fields, never their values). */
export function digitalStamp(p: Payment): { ok: true; stamp: DigitalStamp } | { ok: false; reason: string } {
  const party = p.debtor ? 'debtor' : 'payer'
  const province = (p.debtor ?? p.payer).country_subdivision?.trim().toUpperCase() ?? ''
  const hash = p.payment.document?.hash.trim() ?? ''
  const missing: string[] = []
  if (!/^[A-Z]{2}$/.test(province)) missing.push(`${party}.country_subdivision (the 2-letter province of residence)`)
  if (hash === '') missing.push('payment.document.hash (the hash of the stamped document)')
  if (missing.length > 0) return { ok: false, reason: `a digital stamp (STAMP) payment needs ${missing.join(' and ')}` }
  return { ok: true, stamp: { hashDocument: hash, stampType: STAMP_TYPE, provincialResidence: province } }
}
