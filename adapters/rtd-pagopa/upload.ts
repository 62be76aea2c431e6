/**
 * One file to pagoPA's blob storage (spec pagopa.md B3 #2–3, B4.1 "Upload retry"): each attempt asks
 * for a new SAS, then `PUT /pagopastorage/<container>/<name>?<sas>` with `x-ms-blob-type: BlockBlob`,
 * `x-ms-version: 2021-08-06` and the file streamed from a fresh `open()`. 201 is stored, 409 was
 * stored before. The PUT also sends `If-None-Match: *`, so Azure refuses (409) to overwrite a blob
 * even where pagoPA's container would allow it: a name is never stored twice, which is what makes
 * retrying a lost answer (timeout, 5xx, cut connection) safe. A 403 is storage refusing the SAS
 * (expired, wrong container): the next attempt brings a new one. 401 (subscription key) and other
 * 4xx stop at once.
 * @module
 */

import type { Outcome } from '../../ports/payment-provider.port.ts'
import type { RtdUpload, UploadGrant, UploadResult } from '../../ports/rtd-submitter.port.ts'
import type { HttpClient } from '../shared/http.ts'
import type { Failure } from '../shared/outcome.ts'
import { rtdFailure } from './client.ts'

/** The reference batch's policy: 3 attempts, waits of 2 s then 4 s (then 16 s, squared each time). */
export const DEFAULT_UPLOAD_ATTEMPTS = 3
export const DEFAULT_BACKOFF_MS: readonly number[] = [2_000, 4_000, 16_000]

export type UploadPolicy = {
  readonly attempts: number
  /** Wait before attempt n+1 is `backoffMs[n-1]` (the last value repeats). */
  readonly backoffMs: readonly number[]
  readonly sleep: (ms: number) => Promise<void>
}

/** What one attempt came to: done, worth another attempt, or final. */
type Attempt =
  | { readonly kind: 'done'; readonly status: UploadResult['status'] }
  | { readonly kind: 'again' | 'stop'; readonly failure: Failure }

/** Workers send a stream of unknown length chunked, which Azure refuses: a FixedLengthStream gives it a length. */
function sized(stream: ReadableStream<Uint8Array>, size: number): ReadableStream<Uint8Array> {
  const Fixed = (globalThis as { FixedLengthStream?: new (n: number) => TransformStream<Uint8Array, Uint8Array> }).FixedLengthStream
  return Fixed ? stream.pipeThrough(new Fixed(size)) : stream
}

async function put(storage: HttpClient, grant: UploadGrant, file: RtdUpload): Promise<Attempt> {
  const what = `upload ${file.fileName}`
  const sent = await storage.send(
    {
      method: 'PUT',
      path: `/pagopastorage/${encodeURIComponent(grant.container)}/${encodeURIComponent(file.fileName)}?${grant.token}`,
      body: sized(file.open(), file.size),
      headers: {
        'x-ms-blob-type': 'BlockBlob',
        'x-ms-version': '2021-08-06',
        'content-type': 'application/octet-stream',
        'content-length': String(file.size),
        'if-none-match': '*',
      },
    },
    { idempotent: false, prefix: `pagoPA RTD ${what}: ` },
  )
  // No answer: stored or not, a retry tells (201 or 409), and cannot store it twice.
  if (sent.kind === 'failure') return { kind: 'again', failure: sent.failure }
  const { status } = sent.reply
  if (status === 201) return { kind: 'done', status: 'uploaded' }
  if (status === 409) return { kind: 'done', status: 'already_there' }
  const failure = rtdFailure(sent.reply, what)
  if (status === 403) return { kind: 'again', failure }
  return { kind: failure.kind === 'retryable' || failure.kind === 'unknown' ? 'again' : 'stop', failure }
}

export async function uploadFile(
  storage: HttpClient,
  grant: () => Promise<Outcome<UploadGrant>>,
  file: RtdUpload,
  policy: UploadPolicy,
): Promise<Outcome<UploadResult>> {
  let last: Failure = { kind: 'unknown', reason: `pagoPA RTD upload ${file.fileName}: no attempt made` }
  // Once an attempt went unanswered the file may be stored: no later failure can say it is not.
  let maybeStored = false
  const final = (f: Failure): Failure =>
    maybeStored && f.kind !== 'unknown' ? { kind: 'unknown', reason: `${f.reason} (an earlier attempt may have stored it)` } : f
  const attempts = Math.max(1, policy.attempts)
  for (let n = 1; n <= attempts; n++) {
    if (n > 1) await policy.sleep(policy.backoffMs[Math.min(n - 2, policy.backoffMs.length - 1)] ?? 0)
    const g = await grant()
    if (g.kind !== 'ok') {
      if (g.kind !== 'retryable' && g.kind !== 'unknown') return final(g)
      last = g
      continue
    }
    const attempt = await put(storage, g.value, file)
    if (attempt.kind === 'done') return { kind: 'ok', value: { status: attempt.status, attempts: n } }
    if (attempt.kind === 'stop') return final(attempt.failure)
    if (attempt.failure.kind === 'unknown') maybeStored = true
    last = attempt.failure
  }
  return final(last)
}
