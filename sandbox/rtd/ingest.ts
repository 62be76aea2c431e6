/**
 * What pagoPA does with an uploaded `ADE….csv.pgp`, as far as the simulator shows it: decrypt with
 * its own key, check the first line is `#sha256sum:<64 hex>`, read the 13-column rows into the
 * file report's data summary (status VALIDATED_BY_PAGOPA). A file that does not decrypt or lacks
 * the checksum line stays RECEIVED_BY_PAGOPA with pagoPA's "invalid summary" (-1 counts, no dates)
 * and gets an ADEACK errors file at once, with one row whose error is simulator-only: `9901` not
 * decryptable, `9902` no checksum line.
 * @module
 */

import { decrypt, type SimKeys } from './keys.ts'
import type { DataSummary, RtdState, SimFile } from './state.ts'

const CHECKSUM = /^#sha256sum:[0-9a-f]{64}$/

const INVALID: DataSummary = {
  minAccountingDate: null,
  maxAccountingDate: null,
  numberOfMerchants: -1,
  countNegativeTransactions: -1,
  countPositiveTransactions: -1,
  sumAmountNegativeTransactions: -1,
  sumAmountPositiveTransactions: -1,
  sha256OriginFile: null,
}

/** Columns (0-based) of an ADE row (spec B2.1 fields 2–14). */
const COL = { operationType: 3 - 2, accountingDate: 5 - 2, numTrx: 6 - 2, amount: 7 - 2, acquirerId: 9 - 2, merchantId: 10 - 2 }

function summarise(checksum: string, rows: readonly string[][]): DataSummary {
  const dates = rows.map((r) => r[COL.accountingDate] ?? '').sort()
  const s = { ...INVALID, numberOfMerchants: new Set(rows.map((r) => r[COL.merchantId])).size, sha256OriginFile: checksum }
  s.minAccountingDate = dates[0] ?? null
  s.maxAccountingDate = dates.at(-1) ?? null
  s.countNegativeTransactions = s.countPositiveTransactions = s.sumAmountNegativeTransactions = s.sumAmountPositiveTransactions = 0
  for (const r of rows) {
    const [n, amount] = [Number(r[COL.numTrx] ?? 0), Number(r[COL.amount] ?? 0)]
    if (r[COL.operationType] === '01') {
      s.countNegativeTransactions += n
      s.sumAmountNegativeTransactions += amount
    } else {
      s.countPositiveTransactions += n
      s.sumAmountPositiveTransactions += amount
    }
  }
  return s
}

/** `ADEACK.<sender 5>.<acquirer>.<yyyy-mm-dd>.<uuid>.csv` (spec B2.2). */
export const ackName = (senderCode: string, acquirer: string, at: Date, uuid: string) =>
  `ADEACK.${senderCode}.${acquirer}.${at.toISOString().slice(0, 10)}.${uuid}.csv`

/** Stores an ADEACK file for `file` and moves it to ACK_TO_DOWNLOAD. */
export function addAck(state: RtdState, senderCode: string, file: SimFile, lines: readonly string[]): string {
  const acquirer = file.rows[0]?.[COL.acquirerId] || senderCode
  const name = ackName(senderCode, acquirer, state.now(), state.newId())
  state.acks.set(name, { name, forFile: file.name, content: lines.map((l) => `${l}\n`).join(''), confirmed: false, createdAt: state.now() })
  file.status = 'ACK_TO_DOWNLOAD'
  file.ackFile = name
  return name
}

export async function ingest(state: RtdState, keys: SimKeys, senderCode: string, name: string, bytes: Uint8Array): Promise<SimFile> {
  const clear = await decrypt(keys, bytes)
  const lines = clear ? new TextDecoder().decode(clear).split(/\r?\n/) : []
  const checksum = lines[0] ?? ''
  const error = clear === null ? 'not_decryptable' : CHECKSUM.test(checksum) ? null : 'no_checksum_line'
  const rows = error
    ? []
    : lines
        .slice(1)
        .filter((l) => l.trim() !== '' && !l.startsWith('#'))
        .map((l) => l.split(';'))
  const file: SimFile = {
    name,
    size: bytes.length,
    receivedAt: state.now(),
    status: error ? 'RECEIVED_BY_PAGOPA' : 'VALIDATED_BY_PAGOPA',
    summary: error ? INVALID : summarise(checksum, rows),
    error,
    rows,
    ackFile: null,
  }
  state.files.set(name, file)
  if (error) addAck(state, senderCode, file, [`;;;${senderCode};2;${error === 'not_decryptable' ? '9901' : '9902'}`])
  return file
}
