/**
 * Wire ↔ domain for pagoPA: the exhaustive GPD status map, the GPD create body, the Checkout cart
 * body and GPD's zone-less date-times (pagopa.md A1.2–A1.4, A3.1).
 * @module
 */

import type { Notice } from '../../core/notice-number.ts'
import type { CheckoutRequest, CreatePaymentRequest, ProviderPayment, ProviderPaymentStatus } from '../../ports/payment-provider.port.ts'
import { isOneOf } from '../shared/wire.ts'
import { toWireCents } from './amount.ts'
import { type CartRequest, GPD_STATUSES, type GpdStatus, PaymentPositionModel, type PaymentPositionResponse } from './wire.ts'

/**
 * Every GPD status, mapped. PARTIALLY_PAID is `unknown` on purpose: we never create installments,
 * so seeing it means something outside this adapter touched the position; reconcile by hand.
 */
export const GPD_STATUS_MAP: Readonly<Record<GpdStatus, ProviderPaymentStatus>> = {
  DRAFT: 'pending',
  PUBLISHED: 'pending',
  VALID: 'pending',
  PAID: 'paid',
  REPORTED: 'paid',
  INVALID: 'canceled',
  EXPIRED: 'expired',
  PARTIALLY_PAID: 'unknown',
}

const isGpdStatus = isOneOf(GPD_STATUSES)

/** A GPD status string → domain status; values this adapter does not know become `unknown`, never `pending`. */
export function toProviderStatus(raw: string): ProviderPaymentStatus {
  return isGpdStatus(raw) ? GPD_STATUS_MAP[raw] : 'unknown'
}

/** Date → GPD `LocalDateTime` (UTC, seconds precision), as in the spec's examples: `2026-06-30T23:59:59`. */
export function toGpdDateTime(d: Date): string {
  return d.toISOString().slice(0, 19)
}

/** GPD date-time → Date. Zone-less values are UTC (GPD compares them with `now` in UTC, A1.4). */
export function fromGpdDateTime(s: string | null | undefined): Date | null {
  if (!s) return null
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(s)
  if (!m) return null
  const ms = (m[2] ?? '').slice(0, 3).padEnd(3, '0')
  const d = new Date(`${m[1]}.${ms}${m[3] ?? 'Z'}`)
  return Number.isNaN(d.getTime()) ? null : d
}

/** How long GPD keeps a position after its due date (`retentionDate` must be ≥ `dueDate`). */
const RETENTION_MS = 365 * 24 * 60 * 60 * 1000

const cut = (s: string, n: number) => s.slice(0, n)
const present = (s: string | null | undefined): s is string => typeof s === 'string' && s.trim() !== ''

/** A transfer's own IBAN, else (when it has no stamp either) the creditor's accredit IBAN; spaces removed. */
function ibanOf(own: string | null | undefined, fallback: string | null | undefined): { iban?: string } {
  const iban = present(own) ? own : present(fallback) ? fallback : null
  return iban ? { iban: iban.replace(/\s+/g, '') } : {}
}

/** The GPD create body for one single-solution payment option, validated against the wire schema. */
export function toPaymentPosition(
  req: CreatePaymentRequest,
  notice: Notice,
  iupd: string,
): { ok: true; body: PaymentPositionModel } | { ok: false; reason: string } {
  const amount = toWireCents(req.amount)
  if (amount === null) return { ok: false, reason: 'amount must be between 1 and 99999999999 cents' }
  if (req.transfers.length < 1 || req.transfers.length > 5) return { ok: false, reason: 'pagoPA needs 1 to 5 transfers' }
  const sum = req.transfers.reduce((s, t) => s + t.amount, 0)
  if (sum !== req.amount) return { ok: false, reason: `transfers sum to ${sum} cents, the payment is ${req.amount}` }
  const unfunded = req.transfers.findIndex((t) => !t.stamp && !present(t.iban) && !present(req.creditor.iban))
  if (unfunded >= 0) {
    return {
      ok: false,
      reason: `transfer ${unfunded + 1} has no IBAN to credit: the ente has no accredit IBAN (tenant pagopa.iban) and the payment names none`,
    }
  }
  const p = req.payer
  const country = p.country?.toUpperCase()
  const body = {
    iupd,
    type: p.kind === 'human' ? 'F' : 'G',
    fiscalCode: p.taxId.toUpperCase(),
    fullName: [p.name, p.kind === 'human' ? p.familyName : null].filter(present).join(' '),
    ...(present(p.streetName) ? { streetName: p.streetName } : {}),
    ...(present(p.buildingNumber) ? { civicNumber: p.buildingNumber } : {}),
    ...(present(p.postalCode) ? { postalCode: p.postalCode } : {}),
    ...(present(p.townName) ? { city: p.townName } : {}),
    ...(present(p.countrySubdivision) ? { province: p.countrySubdivision } : {}),
    ...(country && /^[A-Z]{2}$/.test(country) ? { country } : {}),
    ...(present(p.email) ? { email: p.email } : {}),
    switchToExpired: true,
    companyName: cut(req.creditor.name, 140),
    paymentOption: [
      {
        iuv: notice.iuv,
        nav: notice.noticeNumber,
        amount,
        description: cut(req.reason, 140),
        isPartialPayment: false,
        dueDate: toGpdDateTime(req.dueAt),
        retentionDate: toGpdDateTime(new Date(req.dueAt.getTime() + RETENTION_MS)),
        transfer: req.transfers.map((t, i) => ({
          idTransfer: String(i + 1),
          amount: t.amount,
          organizationFiscalCode: t.beneficiaryTaxId,
          remittanceInformation: cut(t.remittance, 140),
          category: t.category,
          ...ibanOf(t.iban, t.stamp ? null : req.creditor.iban),
          ...(t.stamp ? { stamp: { ...t.stamp } } : {}),
          ...(present(t.beneficiaryName) ? { companyName: cut(t.beneficiaryName, 140) } : {}),
        })),
      },
    ],
  }
  const parsed = PaymentPositionModel.safeParse(body)
  if (!parsed.success) return { ok: false, reason: summarise(parsed.error.issues) }
  return { ok: true, body: parsed.data }
}

/** zod issues → one short line (paths and messages only: no values, so no tax ids or IBANs in logs). */
export function summarise(issues: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }>): string {
  return issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`)
    .join('; ')
}

/** GET-by-iupd response → domain. Paid date and receipt id are reported only once the position is paid. */
export function toProviderPayment(pos: PaymentPositionResponse, noticeCode: string | null): ProviderPayment {
  const option = pos.paymentOption.find((o) => o.nav === noticeCode) ?? pos.paymentOption[0]
  const status = toProviderStatus(pos.status)
  const paid = status === 'paid'
  return {
    status,
    paidAt: paid ? fromGpdDateTime(option?.paymentDate ?? pos.paymentDate) : null,
    transactionId: paid ? (option?.idReceipt ?? null) : null,
    rawStatus: pos.status,
  }
}

/** Checkout cart for one notice (A3.1); `idCart` carries our iupd into the receipt's paymentNote. */
export function toCartRequest(req: CheckoutRequest, noticeNumber: string): CartRequest {
  return {
    ...(present(req.payerEmail) ? { emailNotice: req.payerEmail } : {}),
    paymentNotices: [
      {
        noticeNumber,
        fiscalCode: req.ref.creditor.taxId,
        amount: req.amount,
        companyName: cut(req.ref.creditor.name, 140),
        description: cut(req.reason, 140),
      },
    ],
    returnUrls: { returnOkUrl: req.returnUrls.ok, returnCancelUrl: req.returnUrls.cancel, returnErrorUrl: req.returnUrls.error },
    idCart: req.ref.providerRef,
  }
}
