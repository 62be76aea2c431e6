/**
 * Works one claimed submission forward (the `rtd-process` job, and right after an upload on Node):
 *  - `received`: fetch pagoPA's public key, aggregate and encrypt the stored input into the submission's
 *    directory (produce.ts), then `ready` with its files, or `rejected` with where and why. A key that cannot
 *    be used, or pagoPA out of reach, is not the input's fault: the submission stays `received` for the next run.
 *  - `ready`: upload every file not yet at pagoPA, each under its own name with the adapter's retries; a 409 is
 *    "already there" (an earlier attempt whose answer was lost), so a name is never stored twice. Answers are
 *    recorded forward only; the last file at pagoPA makes the submission `sent`.
 * A process that dies anywhere here loses nothing: the lease ends, the next run starts from what is stored.
 * @module
 */

import { formatRome } from '../rome-time.ts'
import { INPUT_FILE, type RtdDeps } from './deps.ts'
import { type ProduceError, produceAdeFiles } from './produce.ts'
import { isUploaded, type RtdRejection, type RtdSubmission } from './submission.ts'

export type ProcessCounter =
  | 'processed'
  | 'rejected'
  | 'uploaded'
  | 'already_there'
  | 'upload_unknown'
  | 'upload_failed'
  | 'not_configured'
  | 'unreachable'
  | 'key_refused'
  | 'raced'

/** Where and why an input was refused, in words an operator can act on. */
export function describeRejection(e: ProduceError): RtdRejection {
  const at = { line: null, column: null, field: null }
  switch (e.code) {
    case 'rtd.skip_limit_exceeded':
      return {
        code: e.code,
        line: e.line,
        column: e.column,
        field: e.field,
        message:
          `line ${e.line}${e.column ? `, column ${e.column}` : ''}${e.field ? ` (${e.field})` : ''}: ${e.reason}` +
          (e.skipLimit > 0 ? ` (more than ${e.skipLimit} bad rows)` : ''),
      }
    case 'rtd.sender_mismatch':
      return {
        code: e.code,
        line: e.line,
        column: 1,
        field: 'sender_code',
        message: `line ${e.line}: sender code ${e.found}, the file name says ${e.expected}`,
      }
    case 'rtd.empty_file':
      return { code: e.code, ...at, message: 'the file has no transaction rows' }
    case 'rtd.sum_overflow':
      return { code: e.code, ...at, line: e.line, message: 'an aggregate amount exceeds the largest exact sum (2^53 - 1 cents)' }
    case 'rtd.too_many_chunks':
      return { code: e.code, ...at, message: `${e.aggregates} aggregates need more than 99 files of ${e.maxRowsPerChunk} rows` }
    case 'rtd.file_name.path':
    case 'rtd.file_name.invalid':
      return { code: e.code, ...at, message: `not a CSTAR file name: ${e.name}` }
    default:
      return { code: e.code, ...at, message: `pagoPA's public key cannot be used: ${e.code}` }
  }
}

const isKeyError = (e: ProduceError) => e.code.startsWith('recipient_key.')

/** A stream that opens the file when first read (the adapter's `open` is synchronous and per attempt). */
function lazyStream(open: () => Promise<ReadableStream<Uint8Array> | null>, name: string): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | null = null
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!reader) {
        const s = await open()
        if (!s) throw new Error(`${name} is missing from the RTD files`)
        reader = s.getReader()
      }
      const { done, value } = await reader.read()
      if (done) controller.close()
      else controller.enqueue(value)
    },
    async cancel(reason) {
      await reader?.cancel(reason)
    },
  })
}

async function produce(deps: RtdDeps, s: RtdSubmission, count: (c: ProcessCounter) => void): Promise<boolean> {
  const { files, openSpill } = deps
  if (!files || !openSpill) return false
  const settings = await deps.repo.settings(s.tenantId)
  const submitter = await deps.submitterFor(s.tenantId, settings)
  if (!submitter) {
    count('not_configured')
    return false
  }
  const key = await submitter.publicKey()
  if (key.kind !== 'ok') {
    deps.logger.warn('rtd public key unavailable', { tenant_id: s.tenantId, submission_id: s.id, kind: key.kind, reason: key.reason })
    count('unreachable')
    return false
  }
  const dir = files.sub(s.tenantId).sub(s.id)
  for (const name of await dir.list()) if (name !== INPUT_FILE) await dir.remove(name)
  const input = await dir.open(INPUT_FILE)
  const now = deps.clock()
  if (!input) {
    const rejection = { code: 'rtd.input_missing', line: null, column: null, field: null, message: 'the stored input file is missing' }
    if (await deps.repo.markRejected(s.tenantId, s.id, rejection, {}, now)) count('rejected')
    return false
  }
  const transmissionDate = formatRome(now).slice(0, 10)
  const spill = await openSpill()
  try {
    const r = await produceAdeFiles(
      { newHasher: deps.newHasher, spill, encryptor: deps.encryptor, out: dir, ...(deps.aggregate ? { aggregate: deps.aggregate } : {}) },
      input,
      {
        inputName: s.inputName,
        transmissionDate,
        publicKey: key.value,
        maxKeys: deps.maxKeys,
        ...(settings?.pinnedFingerprint ? { expectedFingerprint: settings.pinnedFingerprint } : {}),
        ...(settings ? { skipLimit: settings.skipLimit, abiToFiscalCode: new Map(Object.entries(settings.abiToFiscalCode)) } : {}),
      },
    )
    if (!r.ok && isKeyError(r.error)) {
      deps.logger.error('rtd public key refused', { tenant_id: s.tenantId, submission_id: s.id, code: r.error.code })
      count('key_refused')
      return false
    }
    if (!r.ok) {
      const rejection = describeRejection(r.error)
      if (await deps.repo.markRejected(s.tenantId, s.id, rejection, { transmissionDate }, deps.clock())) count('rejected')
      else count('raced')
      deps.logger.info('rtd input rejected', { tenant_id: s.tenantId, submission_id: s.id, code: rejection.code, line: rejection.line })
      return false
    }
    const v = r.value
    const processed = {
      transmissionDate,
      rowsRead: v.rowsRead,
      rejectedRows: v.rejected,
      aggregates: v.aggregates,
      hasRejectedFile: v.rejectedFile !== null,
    }
    const newFiles = v.files.map((f) => ({ number: f.number, fileName: f.fileName, rows: f.rows, size: f.size, sha256: f.sha256 }))
    if (!(await deps.repo.markReady(s.tenantId, s.id, processed, newFiles, deps.clock()))) {
      count('raced')
      return false
    }
    count('processed')
    return true
  } finally {
    await spill.close()
  }
}

async function upload(deps: RtdDeps, s: RtdSubmission, count: (c: ProcessCounter) => void): Promise<void> {
  if (!deps.files) return
  const submitter = await deps.submitterFor(s.tenantId, await deps.repo.settings(s.tenantId))
  if (!submitter) {
    count('not_configured')
    return
  }
  const dir = deps.files.sub(s.tenantId).sub(s.id)
  for (const f of await deps.repo.files(s.tenantId, s.id)) {
    if (isUploaded(f.upload)) continue
    const size = await dir.size(f.fileName)
    if (size !== f.size) {
      const error = size === null ? 'the encrypted file is missing from disk' : `the file on disk has ${size} bytes, ${f.size} were written`
      await deps.repo.recordUpload(s.tenantId, f.fileName, { upload: 'failed', attempts: 0, error }, deps.clock())
      count('upload_failed')
      continue
    }
    const r = await submitter.upload({ fileName: f.fileName, size: f.size, open: () => lazyStream(() => dir.open(f.fileName), f.fileName) })
    const at = deps.clock()
    if (r.kind === 'ok') {
      await deps.repo.recordUpload(s.tenantId, f.fileName, { upload: r.value.status, attempts: r.value.attempts, error: null }, at)
      count(r.value.status === 'uploaded' ? 'uploaded' : 'already_there')
      deps.logger.info('rtd file at pagopa', { tenant_id: s.tenantId, submission_id: s.id, file: f.fileName, status: r.value.status })
      continue
    }
    const unknown = r.kind === 'unknown' || r.kind === 'retryable'
    await deps.repo.recordUpload(
      s.tenantId,
      f.fileName,
      { upload: unknown ? 'unknown' : 'failed', attempts: 1, error: `${r.kind}: ${r.reason}` },
      at,
    )
    count(unknown ? 'upload_unknown' : 'upload_failed')
    deps.logger.warn('rtd upload not confirmed', { tenant_id: s.tenantId, submission_id: s.id, file: f.fileName, kind: r.kind })
    if (r.kind === 'auth') return
  }
}

/** Moves one claimed submission as far as it can go now; returns the counters to add one to. */
export async function processSubmission(deps: RtdDeps, s: RtdSubmission): Promise<ProcessCounter[]> {
  const counters: ProcessCounter[] = []
  const count = (c: ProcessCounter) => counters.push(c)
  let state = s.state
  if (state === 'received' && (await produce(deps, s, count))) state = 'ready'
  if (state === 'ready') await upload(deps, s, count)
  return counters
}
