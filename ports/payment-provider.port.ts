/**
 * A payment intermediary (pagoPA, Stripe, Revolut, OnPay) in domain words. Adapters map their wire
 * formats to these types; nothing provider-specific crosses this line. Amounts are integer cents.
 * Every call returns an Outcome (providers.md §4.6): a decline is not an outage, and a timeout is
 * `unknown` (the effect may or may not have happened), never `failed`.
 * @module
 */

import type { Cents } from '../core/money.ts'

export type Outcome<T> =
  | { readonly kind: 'ok'; readonly value: T }
  /** The intermediary refused for a business reason (e.g. card declined, position not payable). */
  | { readonly kind: 'declined'; readonly reason: string }
  /** Our request was wrong (4xx validation). Retrying the same request will not help. */
  | { readonly kind: 'invalid_request'; readonly reason: string }
  /** Bad credentials or not authorised (401/403). */
  | { readonly kind: 'auth'; readonly reason: string }
  /** Temporary: 429, 5xx, connection refused before sending. Safe to retry later. */
  | { readonly kind: 'retryable'; readonly reason: string }
  /** Timed out or ambiguous: whether it took effect is not known; reconcile by reading. */
  | { readonly kind: 'unknown'; readonly reason: string }

export type PartyKind = 'human' | 'legal'

export type Party = {
  readonly kind: PartyKind
  readonly taxId: string
  readonly name: string
  readonly familyName?: string | null
  readonly email?: string | null
  readonly streetName?: string | null
  readonly buildingNumber?: string | null
  readonly postalCode?: string | null
  readonly townName?: string | null
  readonly countrySubdivision?: string | null
  readonly country?: string | null
}

/** The creditor (ente) as the intermediary needs it, with its per-tenant intermediary settings. */
export type Creditor = {
  readonly tenantId: string
  /** Codice fiscale of the ente (11 digits for pagoPA). */
  readonly taxId: string
  readonly name: string
  /** pagoPA: 2-digit segregation code (aux digit 3). */
  readonly segregationCode?: string | null
  /** pagoPA: aux digit of the notice numbers this ente issues (3 is the only current one). */
  readonly auxDigit?: '0' | '1' | '2' | '3' | null
  /** IBAN credited when a transfer names no other (pagoPA: the ente's accredit account). */
  readonly iban?: string | null
  /** pagoPA: Poste postal account number, for the data matrix on the printed notice. */
  readonly postalAccount?: string | null
}

/** A transfer to one beneficiary (pagoPA allows up to 5 per payment). */
export type Transfer = {
  readonly amount: Cents
  readonly beneficiaryTaxId: string
  readonly beneficiaryName?: string | null
  readonly iban?: string | null
  /** pagoPA taxonomy code, e.g. `9/0101108TS/`. */
  readonly category: string
  readonly remittance: string
  /** Marca da bollo digitale instead of an IBAN (STAMP services). */
  readonly stamp?: { readonly hashDocument: string; readonly stampType: string; readonly provincialResidence: string } | null
}

export type CreatePaymentRequest = {
  /** Our payment id; adapters derive their idempotency key / reference from it. */
  readonly paymentId: string
  readonly creditor: Creditor
  readonly amount: Cents
  readonly currency: 'EUR'
  readonly reason: string
  readonly dueAt: Date
  readonly payer: Party
  readonly transfers: readonly Transfer[]
  /** A notice number already assigned (imported dovuti); otherwise the adapter assigns one. */
  readonly noticeCode?: string | null
  /** Where the intermediary sends the browser back (providers that fix them at creation, e.g. Stripe Checkout). */
  readonly returnUrls?: { readonly ok: string; readonly cancel: string; readonly error: string }
}

export type CreatedPayment = {
  /** The intermediary's reference for later reads (pagoPA: the GPD iupd). */
  readonly providerRef: string
  readonly noticeCode: string | null
  readonly iuv: string | null
}

/** Where the payment stands at the intermediary, mapped exhaustively; anything unmapped is `unknown`. */
export type ProviderPaymentStatus = 'pending' | 'paid' | 'expired' | 'canceled' | 'unknown'

export type ProviderPayment = {
  readonly status: ProviderPaymentStatus
  readonly paidAt: Date | null
  /** The intermediary's transaction/receipt id (pagoPA: IUR / receiptId), once paid. */
  readonly transactionId: string | null
  /** The raw status, for logs and reconciliation. */
  readonly rawStatus: string
}

export type PaymentRef = {
  /** The intermediary's reference; '' for payments created elsewhere (imported), looked up by notice number. */
  readonly providerRef: string
  readonly creditor: Creditor
  readonly noticeCode: string | null
}

export type CheckoutRequest = {
  readonly ref: PaymentRef
  readonly amount: Cents
  readonly reason: string
  readonly payerEmail: string | null
  readonly returnUrls: { readonly ok: string; readonly cancel: string; readonly error: string }
}

/** A raw incoming webhook: verified on the exact bytes received, before anything is parsed. */
export type WebhookInput = {
  readonly rawBody: string
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>
  readonly receivedAt: Date
}

/**
 * What a verified webhook says. It is a hint: the status is re-read from the intermediary before any
 * transition (STYLE §15). `dedupeKey` is unique per delivery of one event (the provider's event id).
 */
export type WebhookHint = {
  readonly dedupeKey: string
  /** The intermediary's reference of the payment concerned (as returned by `create`), when there is one. */
  readonly providerRef: string | null
  /** Our payment id, when the intermediary echoes it (metadata, merchant reference, extId). */
  readonly paymentId: string | null
  readonly hint: ProviderPaymentStatus | 'other'
}

export type WebhookFailure = { readonly kind: 'invalid_signature' | 'stale' | 'malformed'; readonly reason: string }

/** A way to pay offered by an intermediary (Agile payments v2 `GET /methods`). */
export type PaymentMethod = {
  readonly id: 'card' | 'revolut_pay' | 'open_banking' | 'sepa_debit' | 'pagopa'
  readonly label: string
  readonly recommended: boolean
}

export interface PaymentProvider {
  readonly name: string
  /** Creates (and makes payable) the payment. Idempotent per `paymentId`. */
  create(req: CreatePaymentRequest): Promise<Outcome<CreatedPayment>>
  /** Reads the current state at the intermediary. */
  read(ref: PaymentRef): Promise<Outcome<ProviderPayment>>
  /** The URL to send the citizen's browser to. */
  checkout(req: CheckoutRequest): Promise<Outcome<{ readonly url: string }>>
  /** Withdraws an unpaid payment; `declined` when the intermediary cannot (already paid, not cancellable). */
  cancel(ref: PaymentRef): Promise<Outcome<void>>
  /** Verifies a webhook's signature (and freshness) on the raw body, then parses it. Absent: no webhooks (pagoPA). */
  verifyWebhook?(
    input: WebhookInput,
  ): Promise<{ readonly ok: true; readonly value: WebhookHint } | { readonly ok: false; readonly error: WebhookFailure }>
  /** The ways to pay this intermediary offers the tenant. */
  methods?(): Promise<Outcome<readonly PaymentMethod[]>>
}
