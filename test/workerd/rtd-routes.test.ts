/**
 * RTD inside workerd: the route contract over sqld with files and spill runs in memory (workerd has no disk: the
 * core, openpgp and the adapters run there all the same), and the gateway as deployed on Workers, with no disk:
 * uploads answer 503, listing and settings work.
 * @module
 */

import { describe, expect, inject, it } from 'vitest'
import { makeHarness } from '../contract/route-harness.ts'
import { runRtdRouteContract } from '../contract/rtd-routes.contract.ts'
import { memoryRtdFiles } from '../fakes/rtd-files.fake.ts'
import { memorySpillStore } from '../fakes/rtd-spill.fake.ts'

runRtdRouteContract('workerd, sqld, files in memory', {
  dbUrl: inject('sqldUrl'),
  disk: () => ({ files: memoryRtdFiles(), openSpill: async () => memorySpillStore() }),
})

describe('RTD on Workers without a disk', () => {
  it('an upload answers 503 and keeps nothing; listing and settings work', async () => {
    const h = await makeHarness({ dbUrl: inject('sqldUrl') })
    const t = await h.tenant()
    const token = await h.token(t.id, 'admin')
    const res = await h.app.request('/rtd/submissions?file_name=CSTAR.12345.TRNLOG.20261206.090000.001.csv', {
      method: 'POST',
      headers: { 'x-api-key': t.key, authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: 'x',
    })
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ success: false, code: 'unavailable' })
    const list = await h.call('GET', '/rtd/submissions', { key: t.key, token })
    expect(list.json).toMatchObject({ success: true, data: [] })
    const put = await h.call('PUT', '/rtd/settings', { key: t.key, token, body: { sender_codes: ['12345'] } })
    expect(put.status, put.text).toBe(200)
  })
})
