/**
 * Path traversal in file names through the real app: the RTD upload's `file_name`, the ADEACK
 * download `/rtd/acks/{file_name}`, the rejected-rows download's id, and the /docs assets, with
 * `../`, `%2e%2e%2f`, backslashes, NUL, absolute paths and double encoding. Every one is a 4xx in
 * the route's envelope, nothing is written to the RTD data directory, and nothing outside is read.
 * (CSV imports and the other downloads take no file name: ids and numbers only.)
 * @module
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fsRtdFiles } from '../../adapters/rtd-files/fs.ts'
import { createFsSpillStore } from '../../adapters/rtd-spill/fs.ts'
import { fileAssets } from '../../edge/local/assets.ts'
import { PUBLIC_DIR } from '../../edge/local/serve.ts'
import { makeHarness } from '../contract/route-harness.ts'

const root = mkdtempSync(join(tmpdir(), 'varco-traversal-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const GOOD = 'CSTAR.12345.TRNLOG.20261206.090000.001.csv'
/** Names, as the client would put them in the query string (already URL-encoded where it says %). */
const NAMES = [
  '../../../../etc/passwd',
  `../${GOOD}`,
  `..%2F..%2F${GOOD}`,
  `%2e%2e%2f%2e%2e%2f${GOOD}`,
  `%252e%252e%252f${GOOD}`,
  `..%5C..%5C${GOOD}`,
  `sub%5C${GOOD}`,
  `${GOOD}%00.txt`,
  `%2Fetc%2F${GOOD}`,
  `%2Ftmp%2F${GOOD}`,
  `C:%5CWindows%5C${GOOD}`,
  `CSTAR.12345.TRNLOG.20261206.090000.001.csv%2F..%2F..%2Fx`,
  `CSTAR.12345.TRNLOG.20261206.090000.001..csv`,
  '.',
  '..',
]

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))

async function setup() {
  const h = await makeHarness({
    dbUrl: ':memory:',
    over: { rtdDisk: { files: fsRtdFiles(join(root, 'tenants')), openSpill: () => createFsSpillStore({ parentDir: root }) } },
    env: { RTD_PROCESS_ON_UPLOAD: 'false' },
    readAsset: fileAssets(PUBLIC_DIR),
  })
  const t = await h.tenant()
  const headers = { 'x-api-key': t.key, authorization: `Bearer ${await h.token(t.id, 'admin')}` }
  return { h, headers }
}

describe('path traversal', () => {
  it('RTD upload: every traversal in file_name is a 400 naming the field, and nothing reaches the disk', async () => {
    const { h, headers } = await setup()
    for (const name of NAMES) {
      const res = await h.app.request(`/rtd/submissions?file_name=${name}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'text/csv' },
        body: 'a;b;c\n',
      })
      const body = (await res.json()) as { success: boolean; code: string; error: string }
      expect({ name, status: res.status, success: body.success, code: body.code }).toEqual({
        name,
        status: 400,
        success: false,
        code: 'validation',
      })
      expect(body.error).toMatch(/^file_name: /)
    }
    expect(files(root)).toEqual([])
    expect(
      (await h.call('GET', '/rtd/submissions', { key: headers['x-api-key'], token: headers.authorization.slice(7) })).json['data'],
    ).toEqual([])
    // The control: the same upload with a proper name is stored, inside the data directory.
    const ok = await h.app.request(`/rtd/submissions?file_name=${GOOD}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body: 'a;b;c\n',
    })
    expect(ok.status).toBe(202)
    expect(files(root).length).toBeGreaterThan(0)
    for (const f of files(root)) expect(f.startsWith(`${root}/`)).toBe(true)
  })

  it('RTD downloads: traversal in an ADEACK name or a submission id is a 400 or 404, never a file', async () => {
    const { h, headers } = await setup()
    const paths = [
      '/rtd/acks/..%2F..%2F..%2Fetc%2Fpasswd',
      '/rtd/acks/ADEACK.12345.%2e%2e%2f%2e%2e%2fx.csv',
      '/rtd/acks/ADEACK.12345.....csv',
      '/rtd/acks/ADEACK.12345.x%00.csv',
      '/rtd/acks/ADEACK.12345.x%5C..%5Cy.csv',
      '/rtd/submissions/..%2F..%2Fetc/rejected',
      '/rtd/submissions/rtd_..%2F..%2F00000000000000000000000000/rejected',
      '/rtd/submissions/%2Fetc%2Fpasswd/rejected',
    ]
    for (const path of paths) {
      const res = await h.app.request(path, { headers })
      const text = await res.text()
      expect({ path, status: [400, 404].includes(res.status) }).toEqual({ path, status: true })
      expect(JSON.parse(text)).toMatchObject({ success: false })
      expect(text).not.toContain('root:')
    }
  })

  it('/docs assets: nothing outside public/ is served, whatever the encoding', async () => {
    const { h } = await setup()
    const secret = JSON.parse(readFileSync('package.json', 'utf8')).name as string
    const paths = [
      '/docs/../package.json',
      '/docs/%2e%2e/package.json',
      '/docs/%2e%2e/%2e%2e/package.json',
      '/docs/..%2fpackage.json',
      '/docs/..%2F..%2Fpackage.json',
      '/docs/%252e%252e/package.json',
      '/docs/..%5c..%5cpackage.json',
      '/docs/scalar.standalone.js%00.json',
      '/docs//etc/passwd',
      '/docs/%2Fetc%2Fpasswd',
      '/docs/....//package.json',
    ]
    for (const path of paths) {
      const res = await h.app.request(path)
      const text = await res.text()
      expect({ path, status: res.status >= 400 && res.status < 500 }).toEqual({ path, status: true })
      expect(text.includes(`"name": "${secret}"`) || text.includes('root:x:0:0'), path).toBe(false)
    }
    expect((await h.app.request('/docs/scalar.standalone.js')).status).toBe(200)
  })
})
