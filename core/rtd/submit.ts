/**
 * A tenant hands Varco a CSTAR input file (HTTP upload or CLI): the name is checked (and its sender code against the
 * tenant's RTD settings) before a byte is read, the body is streamed to the tenant's RTD files with a size limit
 * (never buffered whole), and a `received` submission is stored. A name the tenant already submitted is refused
 * (409), as the reference batch refuses to process a file name twice; the bytes just stored are removed again.
 * @module
 */

import { FileTooLargeError } from '../../ports/rtd-files.port.ts'
import type { DomainError } from '../errors.ts'
import { err, ok, type Result } from '../result.ts'
import { INPUT_FILE, type RtdDeps } from './deps.ts'
import { parseCstarFileName } from './file-name.ts'
import type { RtdSubmission } from './submission.ts'

export type SubmitInput = {
  readonly tenantId: string
  readonly inputName: string
  readonly body: ReadableStream<Uint8Array>
}

/** Checks that `tenantId` may submit a file named `inputName`; the sender code it names. */
export async function checkSubmission(deps: RtdDeps, tenantId: string, inputName: string): Promise<Result<string, DomainError>> {
  const name = parseCstarFileName(inputName)
  if (!name.ok) {
    const message =
      name.error.code === 'rtd.file_name.path' ? 'must be a bare file name, without a path' : `must look like ${name.error.expected}`
    return err({ code: 'validation', issues: [{ path: 'file_name', message }] })
  }
  const settings = await deps.repo.settings(tenantId)
  if (settings === null && !deps.openWithoutSettings) {
    return err({ code: 'unprocessable', detail: 'RTD is not configured for this tenant: PUT /rtd/settings first' })
  }
  const sender = name.value.senderCode
  if (settings !== null && !settings.senderCodes.includes(sender)) {
    return err({
      code: 'validation',
      issues: [{ path: 'file_name', message: `sender code ${sender} is not one of this tenant's (${settings.senderCodes.join(', ')})` }],
    })
  }
  return ok(sender)
}

export async function submitInput(deps: RtdDeps, input: SubmitInput): Promise<Result<RtdSubmission, DomainError>> {
  if (deps.files === null) {
    await input.body.cancel().catch(() => {})
    return err({ code: 'unavailable', dependency: 'RTD file storage (this runtime has no local disk; upload to the Node or Deno server)' })
  }
  const sender = await checkSubmission(deps, input.tenantId, input.inputName)
  if (!sender.ok) {
    await input.body.cancel().catch(() => {})
    return sender
  }
  const id = `rtd_${deps.newId().replace(/-/g, '')}`
  const dir = deps.files.sub(input.tenantId).sub(id)
  let written: { size: number; sha256: string }
  try {
    written = await dir.write(INPUT_FILE, input.body, { maxBytes: deps.maxInputBytes })
  } catch (e) {
    if (e instanceof FileTooLargeError) {
      return err({ code: 'too_large', what: 'the RTD input file', limitBytes: deps.maxInputBytes })
    }
    throw e
  }
  if (written.size === 0) {
    await dir.remove(INPUT_FILE)
    return err({ code: 'validation', issues: [{ path: 'body', message: 'is empty: send the CSTAR file as the request body' }] })
  }
  const now = deps.clock()
  const submission: RtdSubmission = {
    id,
    tenantId: input.tenantId,
    inputName: input.inputName,
    senderCode: sender.value,
    inputSize: written.size,
    inputSha256: written.sha256,
    state: 'received',
    transmissionDate: null,
    rowsRead: null,
    rejectedRows: null,
    aggregates: null,
    rejection: null,
    hasRejectedFile: false,
    createdAt: now,
    processedAt: null,
    sentAt: null,
    updatedAt: now,
  }
  if ((await deps.repo.create(submission)) === 'duplicate') {
    await dir.remove(INPUT_FILE)
    return err({ code: 'conflict', resource: 'rtd submission', id: input.inputName, detail: `${input.inputName} was already submitted` })
  }
  deps.logger.info('rtd input received', { tenant_id: input.tenantId, submission_id: id, input: input.inputName, bytes: written.size })
  return ok(submission)
}
