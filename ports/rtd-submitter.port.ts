/**
 * Sending RTD "Centro Stella" aggregate files to pagoPA and reading back what became of them (spec
 * pagopa.md B3), in domain words: pagoPA's key to encrypt for, an upload grant, one upload per file
 * name, the file report, and the Agenzia delle Entrate errors files (ADEACK) with their confirmation.
 * Every call answers an {@link Outcome} (never `declined`): a timeout is `unknown`, never a failure.
 * One contract suite runs against every adapter (test/contract/rtd-submitter.contract.ts).
 * @module
 */

import type { Outcome } from './payment-provider.port.ts'

export type { Outcome } from './payment-provider.port.ts'

/** Where one upload may go and until when: valid for one attempt; the next attempt asks for a new one. */
export type UploadGrant = {
  /** The storage container the grant is for (pagoPA: `ade-transactions-<44 hex>`). */
  readonly container: string
  /** The opaque credential (pagoPA: an Azure SAS query string); never logged. */
  readonly token: string
  /** When it stops working, when the grant says so. */
  readonly expiresAt: Date | null
}

/** One encrypted chunk to upload: `ADE.<sender>.TRNLOG.<yyyymmdd>.<hhmmss>.<nnn>.<nn>.csv.pgp`. */
export type RtdUpload = {
  readonly fileName: string
  /** Exact byte length (storage needs a Content-Length; streamed bodies are not chunked). */
  readonly size: number
  /** A fresh stream of the file's bytes; called once per attempt, so a retry re-reads the file. */
  readonly open: () => ReadableStream<Uint8Array>
}

/**
 * `uploaded`: this call stored it. `already_there`: a file with that name was stored before (by an
 * earlier run, or by an attempt of this call whose answer was lost); pagoPA never takes a name twice.
 */
export type UploadResult = { readonly status: 'uploaded' | 'already_there'; readonly attempts: number }

/** The lifecycle pagoPA reports, mapped exhaustively; anything else is `unknown` (see `rawStatus`). */
export type RtdFileStatus = 'received' | 'validated' | 'sent_to_ade' | 'ack_to_download' | 'ack_downloaded' | 'unknown'

/** What pagoPA read in a file it could decrypt and parse. Amounts are integer cents. */
export type RtdDataSummary = {
  /** `yyyy-mm-dd`. */
  readonly minAccountingDate: string
  readonly maxAccountingDate: string
  readonly merchants: number
  readonly negativeCount: number
  readonly positiveCount: number
  readonly negativeSumCents: number
  readonly positiveSumCents: number
  /** Lower-case hex sha256 of the original input file, from the chunk's `#sha256sum:` line. */
  readonly originSha256: string
}

export type RtdReportedFile = {
  /** The uploaded file name (`….csv.pgp`). */
  readonly fileName: string
  readonly size: number
  readonly status: RtdFileStatus
  /** pagoPA's word, for logs and reconciliation. */
  readonly rawStatus: string
  /** When pagoPA received it, as pagoPA writes it (a local date-time without offset, `2022-10-30T10:00:00.123`). */
  readonly transmittedAt: string
  /** null when pagoPA could not read the file (its "invalid summary": -1 counts, no dates), or gave none. */
  readonly summary: RtdDataSummary | null
}

export interface RtdSubmitter {
  /** `pagopa` (the name stored with each submission). */
  readonly name: string
  /** pagoPA's PGP public key, ASCII-armored, to encrypt the chunks for. */
  publicKey(): Promise<Outcome<string>>
  /** A new upload grant. {@link upload} asks for its own per attempt; exposed for checks and tools. */
  uploadGrant(): Promise<Outcome<UploadGrant>>
  /**
   * Uploads one file under its name, with a new grant per attempt and backoff between attempts. Retries
   * `retryable` and `unknown` answers (a name is never stored twice: a lost answer shows as
   * `already_there` on the retry); stops at `auth` and `invalid_request`. After the last attempt the
   * last failure is the answer, so `unknown` means it may be stored: read the file report.
   */
  upload(file: RtdUpload): Promise<Outcome<UploadResult>>
  /** The files pagoPA received recently (pagoPA keeps 15 days), with their status. */
  fileReport(): Promise<Outcome<readonly RtdReportedFile[]>>
  /** Names of the errors files (`ADEACK.<sender>.<acquirer>.<yyyy-mm-dd>.<uuid>.csv`) not yet confirmed. */
  listAcks(): Promise<Outcome<readonly string[]>>
  /** One errors file's bytes (`;`-separated clear text, spec B2.2), as a stream to write to disk. */
  downloadAck(fileName: string): Promise<Outcome<ReadableStream<Uint8Array>>>
  /** Tells pagoPA the errors file was stored; it leaves {@link listAcks}. A PUT: sending it again is harmless. */
  confirmAck(fileName: string): Promise<Outcome<void>>
}
