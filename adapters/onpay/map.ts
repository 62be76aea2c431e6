/**
 * Wire ↔ domain for OnPay (manual v1.8): the `get_link` form, our extId, the provider reference,
 * `datetime` values (read as Europe/Rome wall time), the exhaustive notification status maps, error
 * texts → Outcome kinds, and `get_payment_method` entries → PaymentMethod ids.
 * @module
 */

import { formatRome, fromRomeWallClock, wallClockMs } from '../../core/rome-time.ts'
import type { CreatePaymentRequest, PaymentMethod, ProviderPaymentStatus } from '../../ports/payment-provider.port.ts'
import { sha256 } from '../shared/hash.ts'
import { toHex } from '../shared/hex.ts'
import type { OnpayGateway } from './amount.ts'
import type { Notification, PaymentMethodEntry } from './wire.ts'

// ── dates ────────────────────────────────────────────────────────────────────────────────────

// OnPay is an Italian service and its `datetime` has no zone: we read and write Rome wall time [assumption].

/** Date → `YYYY-mm-dd HH:ii:ss` in Rome time. @example toOnpayDateTime(new Date('2026-12-23T09:00:00Z')) // '2026-12-23 10:00:00' */
export function toOnpayDateTime(d: Date): string {
  return formatRome(d).slice(0, 19).replace('T', ' ')
}

/**
 * `YYYY-mm-dd HH:ii:ss` or `YYYY-mm-dd` (the manual's examples use both) in Rome time → Date, or
 * null when it is neither.
 */
export function fromOnpayDateTime(s: string | null | undefined): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s?.trim() ?? '')
  if (!m) return null
  const [y, mo, d, h, mi, se] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number]
  const wall = wallClockMs(y, mo, d, h, mi, se)
  return wall === null ? null : fromRomeWallClock(wall)
}

// ── request ──────────────────────────────────────────────────────────────────────────────────

/**
 * Our extId for a payment: `V` + 26 hex digits of SHA-256(paymentId). Stable (a retried create
 * reuses it) and short: OnPay may pass it on as the circuit's order id, and Nexi allows 27
 * characters there (providers.md §3.2) [assumption].
 */
export async function extIdFor(paymentId: string): Promise<string> {
  return `V${toHex(await sha256(`varco:${paymentId}`)).slice(0, 26)}`
}

/** `orderDescription`: "Massimo 200 caratteri alfanumerici (no caratteri speciali)". Accents are folded, the rest becomes spaces. */
export function toOrderDescription(reason: string): string {
  const plain = reason
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return plain.slice(0, 200).trim() || 'Pagamento'
}

/** The credentials OnPay wants with every call (the quaterna key – gateway – gatewayApiKey – gatewaySecretKey, plus Volt's). */
export type GatewayCredentials = {
  readonly key: string
  readonly gateway: OnpayGateway
  readonly gatewayApiKey: string
  readonly gatewaySecretKey?: string | undefined
  readonly gatewayUsername?: string | undefined
  readonly gatewayPassword?: string | undefined
  readonly gatewayNotificationKey?: string | undefined
}

/**
 * The auth fields of `get_link` / `get_notifications`. `gatewaySecretKey` is always sent (empty when
 * the circuit has none: "altrimenti lasciare vuoto", and the manual's C# example does so); Volt's
 * username/password only for Volt; the notification key only with `get_link`.
 */
export function credentialFields(c: GatewayCredentials, call: 'link' | 'notifications'): Record<string, string> {
  const fields: Record<string, string> = {
    key: c.key,
    gateway: c.gateway,
    gatewayApiKey: c.gatewayApiKey,
    gatewaySecretKey: c.gatewaySecretKey ?? '',
  }
  if (c.gateway === 'volt') {
    fields['gatewayUsername'] = c.gatewayUsername ?? ''
    fields['gatewayPassword'] = c.gatewayPassword ?? ''
    if (call === 'link') fields['gatewayNotificationKey'] = c.gatewayNotificationKey ?? ''
  }
  return fields
}

/** The `get_link` form: exactly the manual's fields; return URLs only when known. */
export function toLinkForm(
  c: GatewayCredentials,
  req: Pick<CreatePaymentRequest, 'reason' | 'dueAt' | 'returnUrls'>,
  extId: string,
  orderAmount: number,
  currency: string,
): Record<string, string> {
  return {
    ...credentialFields(c, 'link'),
    extId,
    orderAmount: String(orderAmount),
    orderCurrency: currency,
    orderDescription: toOrderDescription(req.reason),
    expDate: toOnpayDateTime(req.dueAt),
    ...(req.returnUrls ? { completedUrl: req.returnUrls.ok, canceledUrl: req.returnUrls.cancel } : {}),
  }
}

// ── provider reference ───────────────────────────────────────────────────────────────────────

/**
 * What we keep of a link. OnPay has no call that returns a link again (`get_notifications` carries
 * neither the URL nor the circuit's orderId), so the reference carries them: `extId` identifies the
 * payment, `orderId` is the circuit's id (our transaction id), `link` the checkout URL, `exp` the
 * expiry (ISO) and `amount` the wire amount, to check what a notification reports.
 */
export type OnpayRef = {
  readonly extId: string
  readonly orderId: string | null
  readonly link: string | null
  readonly exp: string | null
  readonly amount: number | null
}

/** @example encodeRef({ extId: 'V1', orderId: 'O', link: 'https://x/y', exp: null, amount: 100 }) // 'extId=V1&orderId=O&link=https%3A%2F%2Fx%2Fy&amount=100' */
export function encodeRef(r: OnpayRef): string {
  const p = new URLSearchParams({ extId: r.extId })
  if (r.orderId !== null) p.set('orderId', r.orderId)
  if (r.link !== null) p.set('link', r.link)
  if (r.exp !== null) p.set('exp', r.exp)
  if (r.amount !== null) p.set('amount', String(r.amount))
  return p.toString()
}

/** The reference back; a bare string (no `extId=`) is read as an extId alone. Null when empty. */
export function decodeRef(s: string): OnpayRef | null {
  if (!s.startsWith('extId=')) return s.trim() ? { extId: s.trim(), orderId: null, link: null, exp: null, amount: null } : null
  const p = new URLSearchParams(s)
  const extId = p.get('extId') ?? ''
  if (!extId) return null
  const amount = p.get('amount')
  return {
    extId,
    orderId: p.get('orderId') || null,
    link: p.get('link') || null,
    exp: p.get('exp') || null,
    amount: amount !== null && /^\d+$/.test(amount) ? Number(amount) : null,
  }
}

// ── statuses ─────────────────────────────────────────────────────────────────────────────────

/**
 * The only status the manual documents ("Lista Status"): with `allnotifications=false` (default)
 * OnPay reports just `completed`, "Una transazione di pagamento è stata completata".
 */
export const BASIC_STATUS_MAP: Readonly<Record<'completed', ProviderPaymentStatus>> = { completed: 'paid' }

/**
 * With `allnotifications=true` OnPay passes on the circuit's own statuses ("da cercare nel circuito
 * di riferimento"); these tables come from the circuits' public docs, not from OnPay [assumption,
 * providers.md §3.2–3.4]. The port has no `failed`: links cannot be cancelled and stay payable until
 * `expDate`, so a failed or abandoned *attempt* leaves the payment `pending`; only states that close
 * the order map to `canceled`/`expired`; money going back after a payment (refund, chargeback,
 * funds not received) is `unknown`, for a human to look at. Keys are lower case.
 */
export const FULL_STATUS_MAP: Readonly<Record<OnpayGateway, Readonly<Record<string, ProviderPaymentStatus>>>> = {
  // MultiSafepay order statuses (docs.multisafepay.com, "Payment statuses").
  multisafepay: {
    completed: 'paid',
    shipped: 'paid',
    initialized: 'pending',
    uncleared: 'pending', // awaiting the acquirer's check: not paid yet
    reserved: 'pending', // authorised, not captured
    declined: 'pending', // this attempt was refused; the link stays payable
    cancelled: 'canceled',
    canceled: 'canceled',
    void: 'canceled',
    expired: 'expired',
    refunded: 'unknown',
    partial_refunded: 'unknown',
    chargedback: 'unknown',
  },
  // Nexi XPay: operation results of the v1 API and the esito of the hosted page.
  nexi: {
    executed: 'paid',
    ok: 'paid',
    authorized: 'pending', // not captured yet
    pending: 'pending',
    threeds_validated: 'pending',
    threeds_failed: 'pending',
    declined: 'pending',
    denied_by_risk: 'pending',
    failed: 'pending',
    ko: 'pending',
    annullo: 'pending', // the payer left the page
    errore: 'pending',
    canceled: 'canceled',
    voided: 'canceled',
    refunded: 'unknown',
  },
  // Volt payment statuses (providers.md §3.4: COMPLETED/FAILED/PENDING and detailed statuses).
  volt: {
    completed: 'paid', // initiated at the bank; providers.md §4.6 maps it to succeeded
    received: 'paid',
    settled: 'paid',
    pending: 'pending',
    new_payment: 'pending',
    bank_redirect: 'pending',
    awaiting_checkout_authorisation: 'pending',
    delayed_at_bank: 'pending',
    provider_awaiting_decision: 'pending',
    authorised: 'pending',
    failed: 'pending',
    refused_by_bank: 'pending',
    refused_by_risk: 'pending',
    error_at_the_bank: 'pending',
    cancelled_by_user: 'pending',
    abandoned_by_user: 'pending',
    not_received: 'unknown', // initiated but the money never arrived
    refunded: 'unknown',
  },
}

/** One notification status → domain status; anything not in the tables is `unknown`, never `pending`. */
export function toProviderStatus(raw: string, gateway: OnpayGateway): ProviderPaymentStatus {
  const s = raw.trim().toLowerCase()
  if (s === 'completed') return BASIC_STATUS_MAP.completed
  return FULL_STATUS_MAP[gateway][s] ?? 'unknown'
}

/** How long after `expDate` a missing notification still counts as pending: it "usually" comes within an hour. */
export const EXPIRY_GRACE_MS = 24 * 60 * 60 * 1000

export type Decision = {
  readonly status: ProviderPaymentStatus
  readonly rawStatus: string
  readonly paidAt: Date | null
}

/**
 * The payment's state from all notifications of its extId. The latest (by `notification_date`, then
 * by position) decides, except that an attempt-level `pending` never hides an earlier payment. A
 * paid notification whose amount differs from ours is `unknown`. No notification at all: `pending`,
 * or `expired` once `expDate` + a grace day has passed.
 */
export function decide(
  notifications: readonly Notification[],
  gateway: OnpayGateway,
  ref: { readonly exp: string | null; readonly amount: number | null },
  now: Date,
): Decision {
  if (notifications.length === 0) {
    const exp = ref.exp ? new Date(ref.exp) : null
    if (exp && !Number.isNaN(exp.getTime()) && now.getTime() > exp.getTime() + EXPIRY_GRACE_MS) {
      return { status: 'expired', rawStatus: 'NO_NOTIFICATION_EXPIRED', paidAt: null }
    }
    return { status: 'pending', rawStatus: 'NO_NOTIFICATION', paidAt: null }
  }
  const at = (n: Notification) => fromOnpayDateTime(n.notification_date)?.getTime() ?? Number.NEGATIVE_INFINITY
  const ordered = notifications.map((n, i) => ({ n, i, status: toProviderStatus(n.status, gateway) }))
  ordered.sort((a, b) => at(a.n) - at(b.n) || a.i - b.i)
  const latest = ordered[ordered.length - 1]
  if (!latest) return { status: 'pending', rawStatus: 'NO_NOTIFICATION', paidAt: null }
  const paid = [...ordered].reverse().find((o) => o.status === 'paid')
  const chosen = latest.status === 'pending' && paid ? paid : latest
  if (chosen.status !== 'paid') return { status: chosen.status, rawStatus: chosen.n.status, paidAt: null }
  if (ref.amount !== null && chosen.n.orderAmount != null && chosen.n.orderAmount !== ref.amount) {
    return { status: 'unknown', rawStatus: `${chosen.n.status} (amount ${chosen.n.orderAmount}, expected ${ref.amount})`, paidAt: null }
  }
  return {
    status: 'paid',
    rawStatus: chosen.n.status,
    paidAt: fromOnpayDateTime(chosen.n.notification_date) ?? fromOnpayDateTime(chosen.n.validation_date),
  }
}

// ── errors ───────────────────────────────────────────────────────────────────────────────────

export type ErrorKind = 'auth' | 'duplicate' | 'invalid_request' | 'retryable' | 'other'

/**
 * The manual documents no error codes: a failure is `success: false` plus a free text "from the
 * system or from the circuit". We classify the text by keywords (Italian and English) [assumption].
 */
export function classifyError(message: string): ErrorKind {
  const m = message.toLowerCase()
  if (/ext_?id/.test(m) && /(esist|già|gia'|duplica|utilizzat|usat|present|univoc|exist|already|duplicate|unique)/.test(m))
    return 'duplicate'
  const credential = /(chiave|\bkey\b|apikey|api key|secret|credenzial|autenticaz|authenticat|password|username|token)/.test(m)
  const refused =
    /(non valid|invalid|errat|scadut|revocat|sconosciut|unknown|denied|negat|non autorizzat|unauthori[sz]ed|non riconosciut|wrong|expired|forbidden)/.test(
      m,
    )
  if (credential && refused) return 'auth'
  if (/(non autorizzat|unauthori[sz]ed|forbidden|accesso negato|access denied)/.test(m)) return 'auth'
  if (/(timeout|time out|non disponibile|unavailable|riprova|temporane|try again|too many|sovraccaric|manutenzione|maintenance)/.test(m))
    return 'retryable'
  if (
    /(mancant|obbligatori|missing|required|formato|format|lunghezz|too long|troppo lung|non ammess|non support|not supported|invalid|non valid|valuta|currency|importo|amount|\bdata\b|\bdate\b|expdate|scadenza)/.test(
      m,
    )
  )
    return 'invalid_request'
  return 'other'
}

// ── payment methods ──────────────────────────────────────────────────────────────────────────

type MethodId = PaymentMethod['id']

/** Which port method ids a circuit can offer (Volt is pay by bank only). */
export const GATEWAY_METHODS: Readonly<Record<OnpayGateway, readonly MethodId[]>> = {
  nexi: ['card'],
  multisafepay: ['card', 'sepa_debit', 'open_banking'],
  volt: ['open_banking'],
}

const LABELS: Readonly<Record<MethodId, string>> = {
  card: 'Carta di pagamento',
  open_banking: 'Bonifico dal conto (open banking)',
  sepa_debit: 'Addebito SEPA',
  revolut_pay: 'Revolut Pay',
  pagopa: 'pagoPA',
}

/** A `code_description` from the circuit → a port method id, or null when none fits (PayPal, iDEAL, …). */
export function methodIdOf(description: string): MethodId | null {
  const d = description.toUpperCase()
  if (
    /(VISA|MASTER ?CARD|MAESTRO|AMEX|AMERICAN EXPRESS|DINERS|JCB|CARTA|CARD|BANCOMAT|PAGOBANCOMAT|CB\b|DISCOVER|UNION ?PAY|V ?PAY)/.test(d)
  ) {
    return /(DIRECT DEBIT|SEPA)/.test(d) ? 'sepa_debit' : 'card'
  }
  if (/(SEPA|DIRECT ?DEBIT|DIRDEB|ADDEBITO)/.test(d)) return 'sepa_debit'
  if (/(VOLT|OPEN ?BANKING|PAY ?BY ?BANK|BONIFICO|BANK ?TRANSFER|INSTANT)/.test(d)) return 'open_banking'
  return null
}

/**
 * The methods to offer: those seen in `get_payment_method` that this circuit can carry, and always
 * the circuit's own primary method (the list only holds methods already "transati tramite API").
 */
export function toPaymentMethods(entries: readonly PaymentMethodEntry[], gateway: OnpayGateway): PaymentMethod[] {
  const allowed = GATEWAY_METHODS[gateway]
  const primary = allowed[0] ?? 'card'
  const ids = new Set<MethodId>([primary])
  for (const e of entries) {
    const id = methodIdOf(e.code_description)
    if (id && allowed.includes(id)) ids.add(id)
  }
  return [...ids].map((id) => ({ id, label: LABELS[id], recommended: id === primary }))
}
