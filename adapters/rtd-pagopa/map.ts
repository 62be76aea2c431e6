/**
 * pagoPA's file report v2 → Varco's {@link RtdReportedFile}: the status map covers every value of
 * `FileStatusEnum` and sends anything else to `unknown`; an "invalid summary" (pagoPA could not read
 * the file: every count -1, no dates) and a missing one become `summary: null`. The SAS grant's
 * expiry is read from its `se` parameter.
 * @module
 */

import type { RtdDataSummary, RtdFileStatus, RtdReportedFile } from '../../ports/rtd-submitter.port.ts'
import { isOneOf } from '../shared/wire.ts'
import { FILE_STATUSES, type WireDataSummary, type WireReportedFile } from './wire.ts'

const isFileStatus = isOneOf(FILE_STATUSES)

const STATUS: Record<(typeof FILE_STATUSES)[number], RtdFileStatus> = {
  RECEIVED_BY_PAGOPA: 'received',
  VALIDATED_BY_PAGOPA: 'validated',
  SENT_TO_AGENZIA_DELLE_ENTRATE: 'sent_to_ade',
  ACK_TO_DOWNLOAD: 'ack_to_download',
  ACK_DOWNLOADED: 'ack_downloaded',
}

export const fileStatus = (raw: string): RtdFileStatus => (isFileStatus(raw) ? STATUS[raw] : 'unknown')

const SHA256_LINE = /^(?:#sha256sum:)?([0-9a-f]{64})$/i

function summary(s: WireDataSummary | null | undefined): RtdDataSummary | null {
  if (!s || s.numberOfMerchants < 0 || s.countNegativeTransactions < 0 || s.countPositiveTransactions < 0) return null
  if (!s.minAccountingDate || !s.maxAccountingDate) return null
  const sha = SHA256_LINE.exec(s.sha256OriginFile ?? '')?.[1]
  return {
    minAccountingDate: s.minAccountingDate,
    maxAccountingDate: s.maxAccountingDate,
    merchants: s.numberOfMerchants,
    negativeCount: s.countNegativeTransactions,
    positiveCount: s.countPositiveTransactions,
    negativeSumCents: s.sumAmountNegativeTransactions,
    positiveSumCents: s.sumAmountPositiveTransactions,
    originSha256: sha ? sha.toLowerCase() : '',
  }
}

export const reportedFile = (f: WireReportedFile): RtdReportedFile => ({
  fileName: f.name,
  size: f.size,
  status: fileStatus(f.status),
  rawStatus: f.status,
  transmittedAt: f.transmissionDate,
  summary: summary(f.dataSummary),
})

/** `…&se=2022-01-25T08:17Z&…` → that instant; null when absent or unreadable. */
export function sasExpiry(sas: string): Date | null {
  const se = new URLSearchParams(sas.replace(/^\?/, '')).get('se')
  const at = se ? new Date(se) : null
  return at && !Number.isNaN(at.getTime()) ? at : null
}
