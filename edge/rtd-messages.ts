/**
 * `varco rtd aggregate` output: the JSON summary printed on stdout at the end of a run, and the one-line human
 * message for each error of produceAdeFiles, naming the file, the line and the column (`varco: CSTAR.….csv line 3,
 * column 9 (total_amount): must be cents …`).
 * @module
 */

import { MAX_CHUNKS } from '../core/rtd/file-name.ts'
import type { ProduceError, ProduceSummary } from '../core/rtd/produce.ts'
import { RTD_COLUMNS } from '../core/rtd/row.ts'

/** The summary's wire shape (snake_case, like the other CLI outputs). */
export function summaryJson(s: ProduceSummary, outDir: string, elapsedMs: number) {
  return {
    input: s.inputName,
    out_dir: outDir,
    rows_read: s.rowsRead,
    comments: s.comments,
    rejected: s.rejected,
    aggregates: s.aggregates,
    chunks: s.files.length,
    input_sha256: s.inputSha256,
    input_bytes: s.inputBytes,
    output_files: s.files.map((f) => ({ name: f.fileName, rows: f.rows, size: f.size, sha256: f.sha256 })),
    rejected_file: s.rejectedFile,
    transmission_date: s.transmissionDate,
    encrypted: s.encrypted,
    recipient_fingerprint: s.recipient?.fingerprint ?? null,
    peak_keys: s.peakKeys,
    runs_spilled: s.runsSpilled,
    elapsed_ms: elapsedMs,
  }
}

const AMOUNT_COLUMN = RTD_COLUMNS.indexOf('total_amount') + 1

function at(file: string, line: number | null, column: number | null, field: string | null): string {
  if (line === null) return file
  return column === null ? `${file} line ${line}` : `${file} line ${line}, column ${column}${field ? ` (${field})` : ''}`
}

/** The message for an error of produceAdeFiles; `input` is the input's name, `keyFile` the --pubkey path. */
export function produceErrorMessage(e: ProduceError, input: string, keyFile: string | undefined): string {
  switch (e.code) {
    case 'rtd.skip_limit_exceeded': {
      const limit = e.skipLimit === 0 ? 'a bad row fails the file (see --skip-limit)' : `more than ${e.skipLimit} bad rows (--skip-limit)`
      return `${at(input, e.line, e.column, e.field)}: ${e.reason}; ${limit}`
    }
    case 'rtd.sender_mismatch':
      return `${at(input, e.line, 1, 'sender_code')}: sender code '${e.found}' is not the file name's '${e.expected}'`
    case 'rtd.sum_overflow':
      return `${at(input, e.line, e.line === null ? null : AMOUNT_COLUMN, 'total_amount')}: an aggregate's total_amount overflows`
    case 'rtd.empty_file':
      return `${input}: the file has no data rows`
    case 'rtd.file_name.path':
    case 'rtd.file_name.invalid':
      return `${e.name}: not an RTD input file name, expected CSTAR.<sender 5>.TRNLOG.<yyyymmdd>.<hhmmss>.<nnn>.csv`
    case 'rtd.too_many_chunks':
      return `${input}: ${e.aggregates} aggregates need more than ${MAX_CHUNKS} chunks of ${e.maxRowsPerChunk} rows (--max-rows)`
    default: {
      const detail = 'detail' in e ? `: ${e.detail}` : 'fingerprint' in e ? ` (key ${e.fingerprint})` : ''
      return `${keyFile ?? 'public key'}: cannot encrypt to this key, ${e.code}${detail}`
    }
  }
}
