/**
 * The sender-facing RTD APIs (spec pagopa.md B3 #1–7) behind APIM's subscription-key check: the
 * public key, SAS grants, the blob PUT (201 stored, 409 a blob with that name exists, 403 a SAS
 * that is unknown, for another container or expired, 400 without `x-ms-blob-type: BlockBlob`), the
 * file report v2 (15 days), the ADEACK list, one ADEACK download and `ack-received`.
 * @module
 */

import { type Context, Hono, type MiddlewareHandler } from 'hono'
import { ingest } from './ingest.ts'
import type { SimKeys } from './keys.ts'
import { checkSas, containerFor, issueSas } from './sas.ts'
import type { RtdState } from './state.ts'
import { apimError, reportEntry, storageError } from './views.ts'

const REPORT_DAYS = 15

export type ApiDeps = {
  readonly state: RtdState
  readonly keys: () => Promise<SimKeys>
  readonly subscriptionKey: string
  readonly senderCode: string
}

/** APIM: a missing or wrong `Ocp-Apim-Subscription-Key` is a 401 before anything else. */
export const subscriptionCheck =
  (key: string): MiddlewareHandler =>
  async (c, next) => {
    const given = c.req.header('ocp-apim-subscription-key')
    if (!given)
      return apimError(
        c,
        401,
        'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
      )
    if (given !== key)
      return apimError(
        c,
        401,
        'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
      )
    return next()
  }

async function putBlob(c: Context, d: ApiDeps): Promise<Response> {
  const { state } = d
  const container = c.req.param('container') ?? ''
  const name = c.req.param('name') ?? ''
  const query = new URL(c.req.url).searchParams
  const record = (status: number) => {
    const h = (n: string) => c.req.header(n) ?? null
    state.puts.push({
      fileName: name,
      sig: query.get('sig'),
      blobType: h('x-ms-blob-type'),
      msVersion: h('x-ms-version'),
      ifNoneMatch: h('if-none-match'),
      status,
    })
  }
  const refused = checkSas(state, container, query)
  if (refused) {
    record(403)
    return storageError(
      c,
      403,
      refused,
      'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
    )
  }
  if (c.req.header('x-ms-blob-type') !== 'BlockBlob') {
    record(400)
    return storageError(
      c,
      400,
      'MissingRequiredHeader',
      'An HTTP header that is mandatory for this request is not specified: x-ms-blob-type.',
    )
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer())
  const declared = c.req.header('content-length')
  if (declared !== undefined && Number(declared) !== bytes.length) {
    record(400)
    return storageError(c, 400, 'InvalidHeaderValue', 'The value for Content-Length does not match the body.')
  }
  const key = `${container}/${name}`
  // pagoPA answers 409 for a name already stored (with or without If-None-Match): no blob is replaced.
  if (state.blobs.has(key)) {
    record(409)
    return storageError(c, 409, 'BlobAlreadyExists', 'The specified blob already exists.')
  }
  state.blobs.set(key, bytes)
  record(201)
  await ingest(state, await d.keys(), d.senderCode, name, bytes)
  return c.body(null, 201, { etag: `"0x${state.blobs.size.toString(16).padStart(15, '0')}"`, 'x-ms-request-server-encrypted': 'true' })
}

export function senderApi(d: ApiDeps) {
  const { state } = d
  const app = new Hono()
  app.get('/rtd/csv-transaction/publickey', async (c) => c.text((await d.keys()).armoredPublic, 200))
  app.post('/rtd/csv-transaction/ade/sas', async (c) => c.json(issueSas(state, await containerFor(d.subscriptionKey)), 201))
  app.put('/pagopastorage/:container/:name', (c) => putBlob(c, d))
  app.get('/rtd/file-reporter/v2/file-report', (c) => {
    const since = state.now().getTime() - REPORT_DAYS * 86_400_000
    const files = [...state.files.values()].filter((f) => f.receivedAt.getTime() >= since)
    return c.json({ filesRecentlyUploaded: files.map(reportEntry) }, 200)
  })
  app.get('/rtd/file-register/sender-ade-ack', (c) =>
    c.json({ fileNameList: [...state.acks.values()].filter((a) => !a.confirmed).map((a) => a.name) }, 200),
  )
  app.get('/ade/:name', (c) => {
    const ack = state.acks.get(c.req.param('name'))
    if (!ack) return storageError(c, 404, 'BlobNotFound', 'The specified blob does not exist.')
    return c.body(new TextEncoder().encode(ack.content), 200, { 'content-type': 'application/octet-stream' })
  })
  app.put('/rtd/file-register/ack-received/:name', (c) => {
    const ack = state.acks.get(c.req.param('name'))
    if (!ack) return apimError(c, 404, 'File not found')
    ack.confirmed = true
    const file = state.files.get(ack.forFile)
    if (file && file.ackFile === ack.name) file.status = 'ACK_DOWNLOADED'
    return c.body(null, 200)
  })
  return app
}
