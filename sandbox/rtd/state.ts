/**
 * The RTD simulator's memory: SAS grants, the blob store, the files pagoPA tracks (the file report),
 * and the ADEACK errors files. One sender per simulator (credentials.ts); in-memory.
 * @module
 */

/** rtd-ms-file-reporter's `FileStatusEnum`. */
export type FileStatus =
  | 'RECEIVED_BY_PAGOPA'
  | 'VALIDATED_BY_PAGOPA'
  | 'SENT_TO_AGENZIA_DELLE_ENTRATE'
  | 'ACK_TO_DOWNLOAD'
  | 'ACK_DOWNLOADED'

export type DataSummary = {
  minAccountingDate: string | null
  maxAccountingDate: string | null
  numberOfMerchants: number
  countNegativeTransactions: number
  countPositiveTransactions: number
  sumAmountNegativeTransactions: number
  sumAmountPositiveTransactions: number
  sha256OriginFile: string | null
}

export type SimFile = {
  readonly name: string
  readonly size: number
  readonly receivedAt: Date
  status: FileStatus
  summary: DataSummary
  /** Why the simulator could not read it (not shown by pagoPA's report: it shows an invalid summary). */
  readonly error: 'not_decryptable' | 'no_checksum_line' | null
  /** The decrypted aggregate rows (13 columns each), for AdE's answer. */
  readonly rows: readonly string[][]
  ackFile: string | null
}

export type SimAck = {
  readonly name: string
  readonly forFile: string
  readonly content: string
  confirmed: boolean
  readonly createdAt: Date
}

export type SasGrant = { readonly sig: string; readonly container: string; readonly expiresAt: Date }

/** One PUT the storage received, answered or not. */
export type PutRecord = {
  readonly fileName: string
  readonly sig: string | null
  readonly blobType: string | null
  readonly msVersion: string | null
  readonly ifNoneMatch: string | null
  readonly status: number
}

export function rtdState(now: () => Date, newId: () => string) {
  return {
    now,
    newId,
    sas: new Map<string, SasGrant>(),
    /** `<container>/<name>` → bytes. */
    blobs: new Map<string, Uint8Array>(),
    files: new Map<string, SimFile>(),
    acks: new Map<string, SimAck>(),
    puts: [] as PutRecord[],
    /** How many SAS grants still to issue already expired (the `expired SAS` fault). */
    expiredSasToIssue: 0,
  }
}

export type RtdState = ReturnType<typeof rtdState>
