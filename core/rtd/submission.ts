/**
 * An RTD submission: one CSTAR input file a tenant (an acquirer) hands to Varco, followed to its end (issue 13).
 * States move forward only:
 *   received  → the input is stored; the processing job will aggregate and encrypt it;
 *   rejected  → the input failed validation (bad row past the skip limit, another sender, empty…): final;
 *   ready     → its ADE files are written (encrypted); the job uploads them, each name once;
 *   sent      → every file is at pagoPA (uploaded, or already there); the reconciler follows the file report;
 *   done      → pagoPA reports every file's AdE answer downloaded (ACK_DOWNLOADED): final.
 * A file's pagoPA status also moves forward only, in the order of {@link RTD_FILE_STATUS_ORDER}.
 * @module
 */

import type { RtdDataSummary, RtdFileStatus } from '../../ports/rtd-submitter.port.ts'

export const RTD_SUBMISSION_STATES = ['received', 'rejected', 'ready', 'sent', 'done'] as const
export type RtdSubmissionState = (typeof RTD_SUBMISSION_STATES)[number]

export const RTD_UPLOAD_STATES = ['pending', 'uploaded', 'already_there', 'unknown', 'failed'] as const
/** `unknown`: the last attempt's answer was lost (it may be stored; the next attempt sees 409). `failed`: refused (auth, bad request); retried on the next run. */
export type RtdUploadState = (typeof RTD_UPLOAD_STATES)[number]

export const RTD_FILE_STATUS_ORDER: readonly RtdFileStatus[] = [
  'unknown',
  'received',
  'validated',
  'sent_to_ade',
  'ack_to_download',
  'ack_downloaded',
]

/** Whether pagoPA's status `next` may replace `current` (forward only; null = not reported yet). */
export function advancesStatus(current: RtdFileStatus | null, next: RtdFileStatus): boolean {
  if (current === null) return true
  return RTD_FILE_STATUS_ORDER.indexOf(next) > RTD_FILE_STATUS_ORDER.indexOf(current)
}

export const isUploaded = (s: RtdUploadState) => s === 'uploaded' || s === 'already_there'

/** Why an input was rejected, with where (line and column are 1-based; null when not about one row). */
export type RtdRejection = {
  readonly code: string
  readonly message: string
  readonly line: number | null
  readonly column: number | null
  readonly field: string | null
}

export type RtdSubmission = {
  readonly id: string
  readonly tenantId: string
  /** `CSTAR.<sender>.TRNLOG.<yyyymmdd>.<hhmmss>.<nnn>.csv`; unique per tenant (a name is processed once). */
  readonly inputName: string
  readonly senderCode: string
  readonly inputSize: number
  /** sha256 of the stored input (the `#sha256sum:` of every chunk). */
  readonly inputSha256: string
  readonly state: RtdSubmissionState
  /** Transmission date written in the chunks (`yyyy-mm-dd`), set when processed. */
  readonly transmissionDate: string | null
  readonly rowsRead: number | null
  readonly rejectedRows: number | null
  readonly aggregates: number | null
  /** Set when state is `rejected`. */
  readonly rejection: RtdRejection | null
  /** The rejected-rows side file was written (skip limit > 0 and some rows rejected). */
  readonly hasRejectedFile: boolean
  readonly createdAt: Date
  readonly processedAt: Date | null
  readonly sentAt: Date | null
  readonly updatedAt: Date
}

export type RtdFileRecord = {
  readonly submissionId: string
  readonly tenantId: string
  readonly number: number
  /** `ADE.….<nn>.csv.pgp`: the name uploaded, unique per tenant. */
  readonly fileName: string
  readonly rows: number
  readonly size: number
  readonly sha256: string
  readonly upload: RtdUploadState
  readonly attempts: number
  readonly lastError: string | null
  readonly uploadedAt: Date | null
  /** pagoPA's file report, once the file appears in it. */
  readonly status: RtdFileStatus | null
  readonly rawStatus: string | null
  readonly summary: RtdDataSummary | null
  readonly reportedAt: Date | null
}

/** An AdE errors file (ADEACK, spec B2.2) downloaded for a tenant. */
export type RtdAck = {
  readonly tenantId: string
  readonly fileName: string
  readonly size: number
  /** Data rows; `errors` have outcome 1 or 2 (not ingested), `warnings` 3 or 4. */
  readonly rows: number
  readonly errors: number
  readonly warnings: number
  readonly downloadedAt: Date
  /** When pagoPA was told (`ack-received`); null until then. */
  readonly confirmedAt: Date | null
}

/** Counts an ADEACK file's rows by outcome (`merchant;terminal;fiscal_code;acquirer;outcome;error_list`). */
export function countAckRows(text: string): { rows: number; errors: number; warnings: number } {
  let rows = 0
  let errors = 0
  let warnings = 0
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.startsWith('#')) continue
    rows++
    const outcome = line.split(';')[4]
    if (outcome === '1' || outcome === '2') errors++
    else if (outcome === '3' || outcome === '4') warnings++
  }
  return { rows, errors, warnings }
}
