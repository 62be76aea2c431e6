/**
 * What the RtdRepo contract (./rtd-repo.contract.ts, ./rtd-repo-files.contract.ts) runs against,
 * and the fixtures its cases share: a received submission, its processing results and ADE files, a
 * file report line, an errors file and settings. Each case makes its own tenants, so a shared
 * database (sqld) needs no reset; `claim` sees every tenant, so the claim cases create their
 * submissions in an era older than any earlier case's (see {@link olderEra}).
 * @module
 */

import { onTestFinished } from 'vitest'
import type { RtdAck, RtdSubmission } from '../../core/rtd/submission.ts'
import type { RtdNewFile, RtdProcessed, RtdRepo, RtdSettings } from '../../ports/rtd-repo.port.ts'
import type { RtdFileStatus, RtdReportedFile } from '../../ports/rtd-submitter.port.ts'

export type RtdRepoUnderTest = {
  readonly repo: RtdRepo
  /** Another handle on the same storage (a second connection, as another process has); `repo` where there is none. */
  readonly other?: RtdRepo
  /** Creates a tenant (foreign keys) and answers its id. */
  readonly newTenant: () => Promise<string>
  /** Runs one SQL statement on the database, for the CHECK cases; absent where there is no SQL. */
  readonly exec?: (sql: string, args: readonly (string | number | null)[]) => Promise<unknown>
  readonly close: () => void
}

export type MakeRtdRepo = () => Promise<RtdRepoUnderTest>

export const RTD_T0 = new Date('2026-03-02T09:00:00Z')
export const at = (ms: number) => new Date(RTD_T0.getTime() + ms)

let era = Date.UTC(2000, 0, 1)
/** A creation time older than every earlier call's (10 days apart), so a claim sees this case's submissions first. */
export function olderEra(): Date {
  era -= 10 * 86_400_000
  return new Date(era)
}

/** The storage with two fresh tenants; closed when the case ends. */
export async function rtdSetup(make: MakeRtdRepo) {
  const s = await make()
  onTestFinished(() => s.close())
  const a = await s.newTenant()
  const b = await s.newTenant()
  return { s, repo: s.repo, other: s.other ?? s.repo, a, b }
}

let seq = 0
export function aSubmission(tenantId: string, over: Partial<RtdSubmission> = {}): RtdSubmission {
  seq++
  const createdAt = over.createdAt ?? RTD_T0
  return {
    id: crypto.randomUUID(),
    tenantId,
    inputName: `CSTAR.12345.TRNLOG.20260301.${String(100000 + (seq % 800000))}.${String(seq % 1000).padStart(3, '0')}.csv`,
    senderCode: '12345',
    inputSize: 4096,
    inputSha256: 'ab'.repeat(32),
    state: 'received',
    transmissionDate: null,
    rowsRead: null,
    rejectedRows: null,
    aggregates: null,
    rejection: null,
    hasRejectedFile: false,
    createdAt,
    processedAt: null,
    sentAt: null,
    updatedAt: createdAt,
    ...over,
  }
}

export const PROCESSED: RtdProcessed = {
  transmissionDate: '2026-03-02',
  rowsRead: 120,
  rejectedRows: 2,
  aggregates: 7,
  hasRejectedFile: true,
}

/** `n` ADE files of a submission, named after its input. */
export function adeFiles(s: RtdSubmission, n: number): RtdNewFile[] {
  const stem = s.inputName.replace(/^CSTAR\./, 'ADE.').replace(/\.csv$/, '')
  return Array.from({ length: n }, (_, i) => ({
    number: i + 1,
    fileName: `${stem}.${String(i + 1).padStart(2, '0')}.csv.pgp`,
    rows: 10 + i,
    size: 2048 + i,
    sha256: String(i).repeat(64).slice(0, 64),
  }))
}

/** A stored submission already `ready` with `n` files. */
export async function aReadySubmission(repo: RtdRepo, tenantId: string, n = 2, over: Partial<RtdSubmission> = {}) {
  const s = aSubmission(tenantId, over)
  if ((await repo.create(s)) !== 'created') throw new Error('create failed')
  const files = adeFiles(s, n)
  if (!(await repo.markReady(tenantId, s.id, PROCESSED, files, at(1000)))) throw new Error('markReady failed')
  return { s, files }
}

export function reported(fileName: string, status: RtdFileStatus, over: Partial<RtdReportedFile> = {}): RtdReportedFile {
  return {
    fileName,
    size: 2048,
    status,
    rawStatus: status.toUpperCase(),
    transmittedAt: '2026-03-02T10:00:00.123',
    summary: {
      minAccountingDate: '2026-03-01',
      maxAccountingDate: '2026-03-01',
      merchants: 3,
      negativeCount: 1,
      positiveCount: 9,
      negativeSumCents: 1250,
      positiveSumCents: 98_765,
      originSha256: 'ab'.repeat(32),
    },
    ...over,
  }
}

export function anAck(tenantId: string, over: Partial<RtdAck> = {}): RtdAck {
  return {
    tenantId,
    fileName: `ADEACK.12345.12345.2026-03-02.${crypto.randomUUID()}.csv`,
    size: 300,
    rows: 3,
    errors: 1,
    warnings: 1,
    downloadedAt: RTD_T0,
    confirmedAt: null,
    ...over,
  }
}

export function someSettings(tenantId: string, over: Partial<RtdSettings> = {}): RtdSettings {
  return {
    tenantId,
    senderCodes: ['12345', 'ABCDE'],
    environment: 'uat',
    subscriptionKeySealed: 'v1.sealed-bytes',
    pinnedFingerprint: 'AB12CD34',
    abiToFiscalCode: { STPAY: '12345678901', '03069': '00799960158' },
    skipLimit: 0,
    updatedAt: RTD_T0,
    ...over,
  }
}
