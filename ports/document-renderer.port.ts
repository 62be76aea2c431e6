/**
 * Printable documents of a payment: the pagoPA payment notice (avviso di pagamento, with its QR code
 * and, when the ente has a Poste account, the Poste data matrix) and the payment receipt (ricevuta).
 * Output is a PDF file as bytes; no renderer library type crosses this port.
 * @module
 */

import type { Payment } from '../core/payment.ts'

/** The ente that issues the notice or collected the payment. */
export type DocumentCreditor = {
  readonly name: string
  /** Codice fiscale of the ente: 11 digits, as pagoPA requires. */
  readonly taxId: string
  /** Poste postal account (conto corrente postale, up to 12 digits); null or absent: no Poste data matrix. */
  readonly postalAccount?: string | null
}

/**
 * What a notice is printed from. The payment must have a notice code (`payment.notice_code`, 18 digits)
 * and an amount; its due date (`payment.expire_at`) is optional.
 */
export type NoticeDocument = {
  readonly payment: Payment
  readonly creditor: DocumentCreditor
}

/** What a receipt is printed from: a COMPLETE payment (paid_at, transaction_id and amount are shown). */
export type ReceiptDocument = {
  readonly payment: Payment
  readonly creditor: DocumentCreditor
}

export interface DocumentRenderer {
  /**
   * The A4 avviso di pagamento as a PDF. Deterministic: the same input gives the same bytes.
   * Throws RangeError when the payment has no notice code or amount, or the creditor's tax id is not
   * 11 digits (callers check first: these are bugs, not user errors).
   */
  noticePdf(input: NoticeDocument): Promise<Uint8Array>
  /**
   * The A4 receipt as a PDF. Deterministic. Throws RangeError when the payment has no amount or no
   * paid_at (it is not paid yet).
   */
  receiptPdf(input: ReceiptDocument): Promise<Uint8Array>
}
