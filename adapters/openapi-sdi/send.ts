/**
 * `POST /invoices` with the FatturaPA as `application/xml`, and what the answer means (spec
 * fatturapa.md §6.2): 200 with a uuid → accepted; 400 (invalid, file name already used), 402 (no
 * credit) and 422 (`802`, not well-formed) → refused with OpenAPI.it's error number and message;
 * no token to be had → refused (nothing left Varco). Anything else — 401 even with a fresh token,
 * 5xx, other statuses, no answer, a 2xx this adapter cannot read — is `unknown`: the file may have
 * been taken, and only a lookup can tell.
 * @module
 */

import type { SendOutcome } from '../../ports/sdi-transmitter.port.ts'
import { readJson } from '../shared/wire.ts'
import type { OpenapiClient } from './client.ts'
import { errorOf, errorReason } from './map.ts'
import { SendAnswer } from './wire.ts'

const REFUSED = new Set([400, 402, 422])

export async function sendInvoice(client: OpenapiClient, xml: string): Promise<SendOutcome> {
  const called = await client.call(
    { method: 'POST', path: '/invoices', body: xml, headers: { 'content-type': 'application/xml; charset=utf-8' } },
    'send',
  )
  if (called.kind === 'no-token') {
    return { kind: 'refused', status: called.status ?? 0, code: 'oauth', message: `no token, nothing sent (${called.reason})` }
  }
  if (called.kind === 'no-answer') return { kind: 'unknown', reason: called.reason }
  const { reply } = called
  if (reply.status >= 200 && reply.status < 300) {
    const read = readJson(reply.body, SendAnswer, () => `OpenAPI.it send: HTTP ${reply.status} with a body this adapter cannot read`)
    return read.kind === 'ok' ? { kind: 'accepted', remoteId: read.value.data.uuid } : { kind: 'unknown', reason: read.reason }
  }
  if (REFUSED.has(reply.status)) {
    const e = errorOf(reply.body)
    return { kind: 'refused', status: reply.status, code: e.code ?? String(reply.status), message: e.message ?? `HTTP ${reply.status}` }
  }
  return { kind: 'unknown', reason: `OpenAPI.it send: ${errorReason(reply)}` }
}
