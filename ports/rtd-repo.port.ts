/**
 * Storage of RTD submissions (core/rtd/submission.ts), their ADE files, the AdE errors files (ADEACK) and each
 * tenant's RTD settings. Every read a user can reach is scoped by tenant id. Every change is a conditional write
 * whose WHERE states the transition it allows, so retries and concurrent workers (any process) settle in the
 * database: the first writer changes the row, the others change nothing. Work is claimed with a lease, so a
 * process that dies mid-run leaves its submission to the next run after the lease ends.
 * One contract suite runs against every implementation (test/contract/rtd-repo.contract.ts).
 * @module
 */

import type { RtdAck, RtdFileRecord, RtdRejection, RtdSubmission, RtdSubmissionState, RtdUploadState } from '../core/rtd/submission.ts'
import type { RtdReportedFile } from './rtd-submitter.port.ts'

export type RtdListFilter = {
  readonly state?: RtdSubmissionState
  readonly limit: number
  /** Opaque cursor of the previous page (newest first); one this repo did not make gives an empty page. */
  readonly cursor?: string
}

export type RtdPage = { readonly items: readonly RtdSubmission[]; readonly nextCursor: string | null }

/** What processing found, written with the move out of `received`. */
export type RtdProcessed = {
  readonly transmissionDate: string
  readonly rowsRead: number
  readonly rejectedRows: number
  readonly aggregates: number
  readonly hasRejectedFile: boolean
}

export type RtdNewFile = Pick<RtdFileRecord, 'number' | 'fileName' | 'rows' | 'size' | 'sha256'>

export type RtdUploadResult = {
  readonly upload: Exclude<RtdUploadState, 'pending'>
  /** Attempts this call made (added to the stored count). */
  readonly attempts: number
  /** Why it is not uploaded (never a credential). */
  readonly error: string | null
}

/** A tenant's RTD settings; the subscription key is stored sealed (SecretBox), never returned in clear. */
export type RtdSettings = {
  readonly tenantId: string
  /** Sender codes (ABI or pagoPA-assigned 5-character codes) this tenant may submit files for. */
  readonly senderCodes: readonly string[]
  /** `prod`, `uat` or `dev`: which pagoPA hosts. */
  readonly environment: 'prod' | 'uat' | 'dev'
  /** The sealed APIM subscription key, or null when not set. */
  readonly subscriptionKeySealed: string | null
  /** If set, pagoPA's public key must have this primary fingerprint. */
  readonly pinnedFingerprint: string | null
  /** fake ABI → fiscal code (pagoPA's conversion map), applied to acquirer_id. */
  readonly abiToFiscalCode: Readonly<Record<string, string>>
  /** Bad rows tolerated per file before it is rejected (reference default 0). */
  readonly skipLimit: number
  readonly updatedAt: Date
}

export interface RtdRepo {
  /** Inserts a `received` submission; `duplicate` (nothing written) when the tenant already has that input name. */
  create(s: RtdSubmission): Promise<'created' | 'duplicate'>
  get(tenantId: string, id: string): Promise<RtdSubmission | null>
  /** The submission's ADE files by number. */
  files(tenantId: string, id: string): Promise<readonly RtdFileRecord[]>
  /** Newest first (createdAt, then id, descending). */
  list(tenantId: string, filter: RtdListFilter): Promise<RtdPage>
  /**
   * Claims up to `limit` submissions of any tenant in `received` or `ready` whose lease has ended (oldest first),
   * leasing each until `now + leaseMs`. A submission is claimed by one caller at a time.
   */
  claim(now: Date, leaseMs: number, limit: number): Promise<readonly RtdSubmission[]>
  /** Ends the lease early (the work is done or given up for this run). */
  release(tenantId: string, id: string): Promise<void>
  /** `received` → `ready` with its files. False (nothing written) if it is not `received` any more. */
  markReady(tenantId: string, id: string, processed: RtdProcessed, files: readonly RtdNewFile[], at: Date): Promise<boolean>
  /** `received` → `rejected`. False if it is not `received` any more. */
  markRejected(tenantId: string, id: string, rejection: RtdRejection, processed: Partial<RtdProcessed>, at: Date): Promise<boolean>
  /**
   * Records an upload answer for one file of a `ready` submission. Forward only: an uploaded file stays uploaded
   * (a later `unknown` or `failed` changes nothing). When the last file is uploaded the submission becomes `sent`
   * in the same transaction. Returns the submission's state after the write.
   */
  recordUpload(tenantId: string, fileName: string, result: RtdUploadResult, at: Date): Promise<RtdSubmissionState | null>
  /** Tenants with a `sent` submission (the reconciler reads their file reports). */
  tenantsToFollow(limit: number): Promise<readonly string[]>
  /**
   * Applies a file report: each reported file of this tenant moves to its reported status if that is further
   * along (forward only), with its summary; a `sent` submission whose every file is `ack_downloaded` becomes
   * `done`. Returns how many files changed. Names the tenant does not have are ignored.
   */
  applyReport(tenantId: string, report: readonly RtdReportedFile[], at: Date): Promise<number>
  /** Stores a downloaded errors file once (a second save of the same name changes nothing): `created` or `exists`. */
  saveAck(ack: RtdAck, content: string): Promise<'created' | 'exists'>
  /** Marks it confirmed at pagoPA (idempotent). */
  confirmAck(tenantId: string, fileName: string, at: Date): Promise<void>
  /** The tenant's errors files, newest first. */
  acks(tenantId: string, limit: number): Promise<readonly RtdAck[]>
  /** One errors file with its content, or null. */
  ack(tenantId: string, fileName: string): Promise<{ readonly ack: RtdAck; readonly content: string } | null>
  settings(tenantId: string): Promise<RtdSettings | null>
  /** Every tenant's settings (the reconciler follows every configured tenant's ACKs). */
  allSettings(): Promise<readonly RtdSettings[]>
  putSettings(s: RtdSettings): Promise<void>
  /** Replaces the sealed subscription key if it still is `expected` (key rotation); false otherwise. */
  resealSubscriptionKey(tenantId: string, expected: string, next: string): Promise<boolean>
}
