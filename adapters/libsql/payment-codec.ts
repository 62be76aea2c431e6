/**
 * Stored form of a domain payment: JSON with ISO times (UTC, milliseconds) and integer cents.
 * Rows are ours (written by {@link encodePayment} after the edge validated the input), so they are
 * read back by a trusted mapper: it rebuilds the payment field by field (unknown keys dropped, times
 * revived) and checks types as it goes, at a fraction of a zod parse's cost (issue 15: the parse was
 * about 6% of a redirect's CPU). A row it finds malformed goes through the full zod schema
 * (./payment-doc-schema.ts), so a corrupt row still fails loudly, with zod's issues.
 * @module
 */

import type { Cents } from '../../core/money.ts'
import { PAYMENT_STATUSES, type PartyData, type Payment, type Receiver } from '../../core/payment.ts'
import { decodePaymentChecked } from './payment-doc-schema.ts'

export { decodePaymentChecked } from './payment-doc-schema.ts'

export const encodePayment = (p: Payment): string => JSON.stringify(p)

type Obj = Record<string, unknown>

const MALFORMED = new Error('malformed payment document')
const bad = (): never => {
  throw MALFORMED
}
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : bad())
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : bad())
const str = (v: unknown): string => (typeof v === 'string' ? v : bad())
const nStr = (v: unknown): string | null => (v === null ? null : str(v))
const date = (v: unknown): Date => new Date(str(v))
const nDate = (v: unknown): Date | null => (v === null ? null : date(v))
const nCents = (v: unknown): Cents | null =>
  v === null ? null : typeof v === 'number' && Number.isInteger(v) && v >= 0 ? (v as Cents) : bad()
const oneOf =
  <T extends string>(values: readonly T[]) =>
  (v: unknown): T =>
    values.includes(v as T) ? (v as T) : bad()

const method = oneOf(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const)
const paymentType = oneOf(['PAGOPA', 'STAMP'] as const)
const status = oneOf(PAYMENT_STATUSES)
const partyType = oneOf(['human', 'legal'] as const)

/** Copies the optional `string | null` fields that are present (absent ones stay absent, as in zod). */
function optional(src: Obj, out: Obj, keys: readonly string[]): void {
  for (const k of keys) if (src[k] !== undefined) out[k] = nStr(src[k])
}

const PARTY_OPTIONAL = [
  'family_name',
  'street_name',
  'building_number',
  'postal_code',
  'town_name',
  'country_subdivision',
  'country',
  'email',
]
const RECEIVER_OPTIONAL = ['iban', 'address', 'building_number', 'postal_code', 'town_name', 'country_subdivision', 'country']

function party(v: unknown): PartyData {
  const p = obj(v)
  const out: Obj = { type: partyType(p['type']), tax_identification_number: str(p['tax_identification_number']), name: str(p['name']) }
  optional(p, out, PARTY_OPTIONAL)
  return out as PartyData
}

function receiver(v: unknown): Receiver | null {
  if (v === null) return null
  const r = obj(v)
  const out: Obj = { tax_identification_number: str(r['tax_identification_number']), name: str(r['name']) }
  optional(r, out, RECEIVER_OPTIONAL)
  return out as Receiver
}

const link = (v: unknown) => {
  const l = obj(v)
  return { url: nStr(l['url']), last_opened_at: nDate(l['last_opened_at']), method: method(l['method']) }
}
const check = (v: unknown) => {
  const l = obj(v)
  return {
    url: nStr(l['url']),
    last_check_at: nDate(l['last_check_at']),
    next_check_at: nDate(l['next_check_at']),
    method: method(l['method']),
  }
}

function paymentData(v: unknown) {
  const d = obj(v)
  const doc = d['document'] === null ? null : obj(d['document'])
  return {
    transaction_id: nStr(d['transaction_id']),
    paid_at: nDate(d['paid_at']),
    expire_at: nDate(d['expire_at']),
    amount: nCents(d['amount']),
    currency: d['currency'] === 'EUR' ? ('EUR' as const) : bad(),
    type: d['type'] === null ? null : paymentType(d['type']),
    notice_code: nStr(d['notice_code']),
    iud: str(d['iud']),
    iuv: nStr(d['iuv']),
    receiver: receiver(d['receiver']),
    due_type: nStr(d['due_type']),
    pagopa_category: nStr(d['pagopa_category']),
    document: doc === null ? null : { id: nStr(doc['id']), ref: nStr(doc['ref']), hash: str(doc['hash']) },
    split: arr(d['split']).map((x) => {
      const s = obj(x)
      return { code: str(s['code']), amount: nCents(s['amount']), meta: { ...obj(s['meta']) } }
    }),
  }
}

function links(v: unknown) {
  const l = obj(v)
  return {
    online_payment_begin: link(l['online_payment_begin']),
    online_payment_landing: link(l['online_payment_landing']),
    offline_payment: link(l['offline_payment']),
    receipt: link(l['receipt']),
    notify: arr(l['notify']).map((x) => {
      const n = obj(x)
      return { url: str(n['url']), method: method(n['method']), sent_at: nDate(n['sent_at']) }
    }),
    update: check(l['update']),
    confirm: check(l['confirm']),
    cancel: check(l['cancel']),
  }
}

function trusted(v: unknown): Payment {
  const p = obj(v)
  return {
    id: str(p['id']),
    user_id: nStr(p['user_id']),
    type: paymentType(p['type']),
    tenant_id: str(p['tenant_id']),
    service_id: str(p['service_id']),
    created_at: date(p['created_at']),
    updated_at: date(p['updated_at']),
    status: status(p['status']),
    reason: nStr(p['reason']),
    remote_id: nStr(p['remote_id']),
    locale: nStr(p['locale']),
    payment: paymentData(p['payment']),
    links: links(p['links']),
    payer: party(p['payer']),
    debtor: p['debtor'] === null ? null : party(p['debtor']),
  }
}

/** A stored document back to the domain payment; a malformed one throws the zod schema's error. */
export function decodePayment(doc: string): Payment {
  try {
    return trusted(JSON.parse(doc))
  } catch (e) {
    if (e !== MALFORMED) throw e
    return decodePaymentChecked(doc)
  }
}
