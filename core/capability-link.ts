/**
 * Capability links (opencity.md §2.3, §5.3): the URLs Varco hands out for one payment carry
 * `?exp=<unix>&kid=<key id>&sig=<base64url HMAC>`, so knowing a payment id alone opens nothing
 * (notices and receipts carry payer names and tax codes). The signature covers the canonical path
 * (`/<kind>/<lower-case id>`, whatever the HTTP method; `/offline-payment/` is `/notice/`) and the
 * expiry. Lifetimes per kind (unix seconds, last valid second included):
 * - `update` (the platform's poller): the whole polling life, a year from creation or the due date
 *   if later, plus 30 days;
 * - `online-payment`, `notice`, `landing` (the citizen): the due date plus 7 days, and at least 7
 *   days from when the link is made (an imported payment may be past due);
 * - `receipt`: 10 years from payment (proof of payment is kept as long as tax records are).
 * Pure: the MAC itself is a port (ports/link-signer.port.ts).
 * @module
 */

import type { LinkSignature, LinkSigner } from '../ports/link-signer.port.ts'
import type { DomainError, LinkRefusal } from './errors.ts'
import type { Payment } from './payment.ts'
import { err, ok, type Result } from './result.ts'

export type LinkKind = 'update' | 'online-payment' | 'notice' | 'landing' | 'receipt'

const DAY = 86_400
export const UPDATE_LINK_MARGIN_DAYS = 30
export const CITIZEN_LINK_MARGIN_DAYS = 7
export const RECEIPT_LINK_DAYS = 3653

export const unixSeconds = (d: Date): number => Math.floor(d.getTime() / 1000)

/** The path a signature covers: the same for every method and letter case; the notice alias is one path. */
export function linkPath(kind: LinkKind | 'offline-payment', id: string): string {
  return `/${kind === 'offline-payment' ? 'notice' : kind}/${id.toLowerCase()}`
}

/** The text a link's MAC is computed over: format version, key id, expiry and path, one per line. */
export function linkMessage(path: string, exp: number, kid: string): string {
  return `varco-link-v1\n${kid}\n${exp}\n${path}`
}

/** Until when (unix seconds, inclusive) a link of `kind` to `p`, made at `now`, opens. */
export function linkExpiry(kind: LinkKind, p: Payment, now: Date): number {
  const due = p.payment.expire_at === null ? null : unixSeconds(p.payment.expire_at)
  switch (kind) {
    case 'update':
      return Math.max(unixSeconds(p.created_at) + 365 * DAY, due ?? 0) + UPDATE_LINK_MARGIN_DAYS * DAY
    case 'online-payment':
    case 'notice':
    case 'landing':
      return Math.max(due ?? unixSeconds(p.created_at) + 30 * DAY, unixSeconds(now)) + CITIZEN_LINK_MARGIN_DAYS * DAY
    case 'receipt':
      return unixSeconds(p.payment.paid_at ?? now) + RECEIPT_LINK_DAYS * DAY
  }
}

/** The query part of a signed link. */
export const linkQuery = (s: LinkSignature): string => `exp=${s.exp}&kid=${s.kid}&sig=${s.sig}`

/** The signed URL of `kind` for `p` under `publicUrl`. */
export async function signedLink(
  deps: { readonly publicUrl: string; readonly linkSigner: LinkSigner },
  kind: LinkKind,
  p: Payment,
  now: Date,
): Promise<string> {
  const s = await deps.linkSigner.sign(linkPath(kind, p.id), linkExpiry(kind, p, now))
  return `${deps.publicUrl}/${kind}/${p.id}?${linkQuery(s)}`
}

export type LinkParams = { readonly exp?: string | undefined; readonly kid?: string | undefined; readonly sig?: string | undefined }

/** The signature parameters of a request, checked for shape only. */
export function parseLinkParams(q: LinkParams): Result<LinkSignature, 'missing' | 'malformed'> {
  if (q.exp === undefined && q.kid === undefined && q.sig === undefined) return err('missing')
  if (!q.exp || !/^\d{1,12}$/.test(q.exp)) return err('malformed')
  if (!q.kid || !/^[A-Za-z0-9_-]{1,32}$/.test(q.kid)) return err('malformed')
  if (!q.sig || !/^[A-Za-z0-9_-]{43}$/.test(q.sig)) return err('malformed')
  return ok({ exp: Number(q.exp), kid: q.kid, sig: q.sig })
}

/** True once `now` is past the link's last valid second. */
export const linkExpired = (exp: number, now: Date): boolean => unixSeconds(now) > exp

/**
 * Whether the request's parameters open `kind` for payment `id` at `now`. The MAC is checked before
 * the expiry, so `expired` is said only of authentic links.
 */
export async function checkLink(
  signer: LinkSigner,
  kind: LinkKind | 'offline-payment',
  id: string,
  params: LinkParams,
  now: Date,
): Promise<Result<void, DomainError>> {
  const refuse = (reason: LinkRefusal) => err<DomainError>({ code: 'auth.invalid_link', reason })
  const parsed = parseLinkParams(params)
  if (!parsed.ok) return refuse(parsed.error)
  const verdict = await signer.verify(linkPath(kind, id), parsed.value)
  if (verdict !== 'valid') return refuse(verdict)
  if (linkExpired(parsed.value.exp, now)) return refuse('expired')
  return ok(undefined)
}
