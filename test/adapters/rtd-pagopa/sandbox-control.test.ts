/**
 * The RTD simulator as the sandbox mounts it (createSandbox → `/sandbox/rtd`) and its `/_control`
 * API over HTTP: faults by operation, expired SAS grants, AdE's answer, the state snapshot, and the
 * subscription-key check that `/_control` does not need.
 */

import { describe, expect, it } from 'vitest'
import { rtdPagopa } from '../../../adapters/rtd-pagopa/index.ts'
import { createSandbox, sandboxCredentials } from '../../../sandbox/index.ts'
import { testChunk } from './files.ts'

const PUBLIC = 'http://varco.test'

function setUp() {
  const sandbox = createSandbox(PUBLIC, async () => new Response('no network in tests', { status: 599 }))
  const base = sandbox.baseUrlOf('rtd')
  const control = (path: string, init?: RequestInit) => sandbox.fetch(`${base}/_control${path}`, init)
  const post = (path: string, body: unknown = {}) =>
    control(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const submitter = rtdPagopa({
    baseUrl: base,
    subscriptionKey: sandboxCredentials.rtd.subscriptionKey,
    fetch: sandbox.fetch,
    sleep: async () => {},
  })
  return { sandbox, base, control, post, submitter }
}

describe('RTD simulator in the sandbox, driven over /_control', () => {
  it('is registered, and refuses its API without the subscription key (APIM 401 JSON)', async () => {
    const { sandbox, base } = setUp()
    expect(sandbox.simulators.map((s) => s.name)).toContain('rtd')
    const res = await sandbox.fetch(`${base}/rtd/csv-transaction/publickey`)
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ statusCode: 401, message: expect.stringContaining('subscription key') })
  })

  it('arms faults by operation, expires the next SAS, answers for AdE, and shows it all in the state', async () => {
    const { post, control, submitter } = setUp()
    expect((await post('/faults', { op: 'nope', kind: 'fail' })).status).toBe(400)
    expect((await post('/faults', { op: 'upload', kind: 'fail', status: 502 })).status).toBe(200)
    expect((await post('/sas/expire-next', { count: 2 })).status).toBe(200)
    const key = await submitter.publicKey()
    if (key.kind !== 'ok') throw new Error(key.reason)
    const chunk = await testChunk(key.value)
    // Attempt 1: 502 at the gateway (its expired SAS unused); 2: an expired SAS (403); 3: stored.
    expect(await submitter.upload(chunk)).toEqual({ kind: 'ok', value: { status: 'uploaded', attempts: 3 } })
    expect((await post(`/files/${chunk.fileName}/ade-answer`, { rows: [] })).status).toBe(200)
    expect((await post(`/files/${chunk.fileName}/ade-answer`)).status).toBe(409)
    expect((await post('/files/ADE.nope.csv.pgp/ade-answer')).status).toBe(404)
    const state = (await (await control('/state')).json()) as {
      stored: number
      sasIssued: number
      puts: { status: number }[]
      files: { name: string; status: string; rows: number }[]
      acks: { forFile: string; confirmed: boolean }[]
    }
    expect(state).toMatchObject({ stored: 1, sasIssued: 3 })
    expect(state.puts.map((p) => p.status)).toEqual([403, 201])
    expect(state.files).toEqual([
      { name: chunk.fileName, status: 'ACK_TO_DOWNLOAD', error: null, rows: 2, ackFile: expect.stringMatching(/^ADEACK\./) },
    ])
    expect(state.acks).toEqual([{ name: expect.any(String), forFile: chunk.fileName, confirmed: false }])
    expect((await control('/faults', { method: 'DELETE' })).status).toBe(200)
  })
})
