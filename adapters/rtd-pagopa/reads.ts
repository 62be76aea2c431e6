/**
 * The RTD calls other than the upload (spec pagopa.md B3 #1, 2, 4–7): pagoPA's public key, a SAS
 * grant, the file report v2, the ADEACK list, one ADEACK download (streamed, not buffered) and its
 * `ack-received` confirmation. Each answers an Outcome; a body that cannot be read is `unknown`.
 * @module
 */

import type { Outcome } from '../../ports/payment-provider.port.ts'
import type { RtdReportedFile, UploadGrant } from '../../ports/rtd-submitter.port.ts'
import type { HttpClient, HttpRequest } from '../shared/http.ts'
import { transportFailure } from '../shared/transport.ts'
import { readJson } from '../shared/wire.ts'
import { rtdFailure } from './client.ts'
import { reportedFile, sasExpiry } from './map.ts'
import { AckList, FileReportV2, SasResponse } from './wire.ts'

const ARMORED_KEY = '-----BEGIN PGP PUBLIC KEY BLOCK-----'

const unreadable = (what: string) => (issues: readonly unknown[] | null) =>
  `pagoPA RTD ${what}: unreadable answer${issues ? ` (${issues.length} schema issues)` : ' (not JSON)'}`

/** One call whose 2xx body is read by `read`; anything else is a failure. */
async function call<T>(
  http: HttpClient,
  req: HttpRequest,
  what: string,
  ok: readonly number[],
  read: (body: string) => Outcome<T>,
  idempotent = true,
): Promise<Outcome<T>> {
  const sent = await http.send(req, { idempotent, prefix: `pagoPA RTD ${what}: ` })
  if (sent.kind === 'failure') return sent.failure
  const { reply } = sent
  return ok.includes(reply.status) ? read(reply.body) : rtdFailure(reply, what)
}

export const getPublicKey = (http: HttpClient): Promise<Outcome<string>> =>
  call(http, { method: 'GET', path: '/rtd/csv-transaction/publickey', headers: { accept: 'text/plain' } }, 'public key', [200], (body) =>
    body.includes(ARMORED_KEY)
      ? { kind: 'ok', value: body }
      : { kind: 'unknown', reason: 'pagoPA RTD public key: the answer is not an armored PGP public key' },
  )

/** A SAS asks nothing to change, so a lost answer is simply asked again (idempotent). */
export const getUploadGrant = (http: HttpClient): Promise<Outcome<UploadGrant>> =>
  call(
    http,
    // Empty body with Content-Length: 0, as APIM wants for this POST.
    { method: 'POST', path: '/rtd/csv-transaction/ade/sas', body: '', headers: { 'content-length': '0' } },
    'SAS',
    [200, 201],
    (body) => {
      const read = readJson(body, SasResponse, unreadable('SAS'))
      if (read.kind !== 'ok') return read
      const { sas, authorizedContainer } = read.value
      return { kind: 'ok', value: { container: authorizedContainer, token: sas.replace(/^\?/, ''), expiresAt: sasExpiry(sas) } }
    },
  )

export const getFileReport = (http: HttpClient): Promise<Outcome<readonly RtdReportedFile[]>> =>
  call(http, { method: 'GET', path: '/rtd/file-reporter/v2/file-report' }, 'file report', [200], (body) => {
    const read = readJson(body, FileReportV2, unreadable('file report'))
    return read.kind === 'ok' ? { kind: 'ok', value: (read.value.filesRecentlyUploaded ?? []).map(reportedFile) } : read
  })

export const getAckList = (http: HttpClient): Promise<Outcome<readonly string[]>> =>
  call(http, { method: 'GET', path: '/rtd/file-register/sender-ade-ack' }, 'ADEACK list', [200], (body) => {
    const read = readJson(body, AckList, unreadable('ADEACK list'))
    return read.kind === 'ok' ? { kind: 'ok', value: read.value.fileNameList ?? [] } : read
  })

/** The deadline ends with the headers; the caller reads the stream. An empty 200 is an empty stream. */
export async function downloadAck(http: HttpClient, fileName: string): Promise<Outcome<ReadableStream<Uint8Array>>> {
  const what = `ADEACK download ${fileName}`
  try {
    const reply = await http.open({
      method: 'GET',
      path: `/ade/${encodeURIComponent(fileName)}`,
      headers: { accept: 'application/octet-stream' },
    })
    if (reply.status === 200) return { kind: 'ok', value: reply.body ?? new ReadableStream({ start: (c) => c.close() }) }
    const body = reply.body ? await new Response(reply.body).text() : ''
    return rtdFailure({ status: reply.status, body }, what)
  } catch (e) {
    return transportFailure(e, { idempotent: true, timeoutMs: http.timeoutMs, prefix: `pagoPA RTD ${what}: ` })
  }
}

/** `ack-received` marks the file downloaded; sending it again is harmless (a PUT). pagoPA's 409 is not documented: `invalid_request`. */
export const confirmAck = (http: HttpClient, fileName: string): Promise<Outcome<void>> =>
  call(
    http,
    {
      method: 'PUT',
      path: `/rtd/file-register/ack-received/${encodeURIComponent(fileName)}`,
      body: '',
      headers: { 'content-length': '0' },
    },
    `ack-received ${fileName}`,
    [200, 204],
    () => ({ kind: 'ok', value: undefined }),
  )
