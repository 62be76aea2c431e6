/**
 * The RTD route contract in Node: embedded libSQL and the local-disk adapters (files, spill runs in a temp dir).
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fsRtdFiles } from '../../adapters/rtd-files/fs.ts'
import { createFsSpillStore } from '../../adapters/rtd-spill/fs.ts'
import { processRtdJob, reconcileRtdJob } from '../../core/jobs/rtd.ts'
import { runSchedule } from '../../edge/cron.ts'
import { makeHarness } from '../contract/route-harness.ts'
import { runRtdRouteContract } from '../contract/rtd-routes.contract.ts'
import { row } from '../core/rtd-gen.ts'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const disk = () => {
  const root = mkdtempSync(join(tmpdir(), 'varco-rtd-routes-'))
  dirs.push(root)
  return { files: fsRtdFiles(join(root, 'tenants')), openSpill: () => createFsSpillStore({ parentDir: root }) }
}

runRtdRouteContract('Node, embedded libSQL, local disk', { dbUrl: ':memory:', disk })

describe('RTD jobs, Node (a database of their own)', () => {
  const NAME = 'CSTAR.12345.TRNLOG.20261206.090000.001.csv'

  it('the minute schedule processes, uploads and follows submissions of every tenant, each once', async () => {
    const h = await makeHarness({ dbUrl: ':memory:', env: { RTD_PROCESS_ON_UPLOAD: 'false' }, over: { rtdDisk: disk() } })
    const ids: string[] = []
    for (const [i, name] of ['Acquirer A', 'Acquirer B'].entries()) {
      const t = await h.tenant(name)
      const res = await h.app.request(`/rtd/submissions?file_name=${NAME.replace('.001.csv', `.00${i + 1}.csv`)}`, {
        method: 'POST',
        headers: { 'x-api-key': t.key, authorization: `Bearer ${await h.token(t.id, 'operator')}`, 'content-type': 'text/csv' },
        body: [row(), row({ merchant: `M${i}` })].join('\n'),
      })
      expect(res.status).toBe(202)
      ids.push(`${t.id}/${((await res.json()) as { id: string }).id}`)
    }
    const runs = await runSchedule(h.deps, '* * * * *')
    expect(runs.find((r) => r.job === processRtdJob.name)).toMatchObject({
      outcome: 'ok',
      counts: { claimed: 2, processed: 2, uploaded: 2, failed: 0 },
    })
    // reconcile-rtd runs before process-rtd in the schedule: the next minute follows the files just sent.
    const next = await runSchedule(h.deps, '* * * * *')
    expect(next.find((r) => r.job === reconcileRtdJob.name)).toMatchObject({
      outcome: 'ok',
      counts: { tenants: 2, report_read: 2, files_changed: 2, failed: 0 },
    })
    expect(next.find((r) => r.job === processRtdJob.name)).toMatchObject({ counts: { claimed: 0 } })
    for (const id of ids) {
      const [tenantId, subId] = id.split('/') as [string, string]
      const files = await h.deps.rtd.repo.files(tenantId, subId)
      expect(files.map((f) => [f.upload, f.status])).toEqual([['uploaded', 'validated']])
    }
  })

  it('an upload starts processing at once when RTD_PROCESS_ON_UPLOAD is on (the default)', async () => {
    const h = await makeHarness({ dbUrl: ':memory:', over: { rtdDisk: disk() } })
    const t = await h.tenant()
    const res = await h.app.request(`/rtd/submissions?file_name=${NAME}`, {
      method: 'POST',
      headers: { 'x-api-key': t.key, authorization: `Bearer ${await h.token(t.id, 'operator')}`, 'content-type': 'text/csv' },
      body: row(),
    })
    const { id } = (await res.json()) as { id: string }
    let state = ''
    for (let i = 0; i < 100 && state !== 'sent'; i++) {
      await new Promise((r) => setTimeout(r, 50))
      state = (await h.deps.rtd.repo.get(t.id, id))?.state ?? ''
    }
    expect(state).toBe('sent')
  })
})
