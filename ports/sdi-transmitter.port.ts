/**
 * Sending FatturaPA files to the Sistema di Interscambio through an intermediary (OpenAPI.it today)
 * and reading back what SDI said. Like every provider port it speaks Varco's types only: the
 * intermediary's JSON, markings and ids stay in the adapter. Never throws for an expected failure.
 *
 * The one rule that matters: a send whose answer was lost (timeout, 5xx, dropped connection) is
 * `unknown`, never `refused`; the caller resolves it with {@link SdiTransmitter.lookup}, never by
 * sending again. One contract suite runs against every adapter (test/contract/sdi-transmitter.contract.ts).
 * @module
 */

import type { WebhookFailure, WebhookInput } from './payment-provider.port.ts'

/** The SDI notifications a sender receives (spec fatturapa.md §5). */
export const SDI_NOTIFICATION_TYPES = ['RC', 'NS', 'MC', 'NE', 'DT', 'AT'] as const
export type SdiNotificationType = (typeof SDI_NOTIFICATION_TYPES)[number]

/** The invoice as the intermediary holds it. */
export type RemoteInvoice = {
  /** The intermediary's id of the invoice (OpenAPI.it `uuid`). */
  readonly remoteId: string
  /** The file name SDI knows it by (`IT01234567890_00001.xml`), once known. */
  readonly fileName: string | null
  /** SDI's IdentificativoSdI, once assigned. */
  readonly sdiId: string | null
  /** The intermediary's state word (OpenAPI.it `marking`: `sent`, `delivered`, `rejected`, …), as given. */
  readonly marking: string | null
  /** When the intermediary accepted it. */
  readonly createdAt: Date
}

/** One notification about a sent invoice, with the XML exactly as SDI wrote it. */
export type RemoteNotification = {
  /** The intermediary's id of the notification (unique per notification). */
  readonly remoteId: string
  readonly type: SdiNotificationType
  /** When the intermediary received it. */
  readonly createdAt: Date
  /** The notification's file name (`IT01234567890_00001_RC_001.xml`), when given. */
  readonly fileName: string | null
  /** The raw notification XML (SDI message schema MessaggiTypes v1.1). */
  readonly xml: string
}

export type SendOutcome =
  /** The intermediary took the file: it will reach SDI. */
  | { readonly kind: 'accepted'; readonly remoteId: string }
  /**
   * The intermediary refused the file for good (400 malformed or invalid, 402 no credit, 422 unreadable):
   * nothing was sent. `code` is the intermediary's error number (OpenAPI.it `error`), `status` its HTTP status.
   */
  | { readonly kind: 'refused'; readonly status: number; readonly code: string; readonly message: string }
  /** No usable answer (timeout, 5xx, dropped connection, 401 after a fresh token): the file may or may not have been taken. */
  | { readonly kind: 'unknown'; readonly reason: string }

/** A read that can fail without saying anything about the invoice. */
export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string }

/** How to find an invoice whose send answer was lost: by what the file itself says. */
export type LookupQuery = {
  /** `<IdPaese><IdCodice>_<ProgressivoInvio>.xml`. */
  readonly fileName: string
  /** DatiGeneraliDocumento/Numero of the (first) body. */
  readonly invoiceNumber: string
  /** DatiGeneraliDocumento/Data (YYYY-MM-DD). */
  readonly invoiceDate: string
  /** The cedente's P.IVA without country prefix (or codice fiscale). */
  readonly senderId: string
  /** The file's sha256 (hex), when the intermediary can match on content. */
  readonly sha256: string
}

/** A verified callback: what it is about. A hint only: the caller re-reads the invoice. */
export type SdiCallbackHint = {
  /** Unique per delivery event at the sender (the notification's uuid, or event + invoice uuid). */
  readonly dedupeKey: string
  /** The intermediary's id of the invoice concerned. */
  readonly remoteId: string
  /** The notification type named by the callback, if any. */
  readonly type: SdiNotificationType | null
  /** When the intermediary says the notification was created (callback lag = received − this). */
  readonly createdAt: Date | null
}

export interface SdiTransmitter {
  /** `openapi` (the name stored with each transmission). */
  readonly name: string
  /** Sends one FatturaPA file (the exact bytes given). */
  send(xml: string): Promise<SendOutcome>
  /** The invoice by the intermediary's id; `value: null` when it does not know it. */
  get(remoteId: string): Promise<Read<RemoteInvoice | null>>
  /** Invoices the intermediary holds that match the query (file name first, then number, date and sender). */
  lookup(query: LookupQuery): Promise<Read<readonly RemoteInvoice[]>>
  /** Every notification of the invoice, oldest first, each with its raw XML. */
  notifications(remoteId: string): Promise<Read<readonly RemoteNotification[]>>
  /** Checks a callback's authentication (constant time) and parses it. */
  verifyCallback(
    input: WebhookInput,
  ): Promise<{ readonly ok: true; readonly value: SdiCallbackHint } | { readonly ok: false; readonly error: WebhookFailure }>
}

/** The one-time account set-up at the intermediary (`npx varco sdi setup`); idempotent. */
export type SdiSetupInput = {
  /** The cedente's P.IVA (or codice fiscale), without country prefix. */
  readonly fiscalId: string
  readonly name: string
  readonly email: string
  readonly applySignature: boolean
  readonly applyLegalStorage: boolean
  /** Where the intermediary posts notifications (`<public url>/webhooks/openapi-sdi`). */
  readonly callbackUrl: string
}

export type SdiSetupReport = {
  /** `created`, `unchanged` or `updated`, per step. */
  readonly businessRegistry: 'created' | 'unchanged' | 'updated'
  readonly callbacks: 'created' | 'unchanged' | 'updated'
}

export interface SdiAccountSetup {
  setup(input: SdiSetupInput): Promise<Read<SdiSetupReport>>
}
