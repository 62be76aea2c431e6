/**
 * `npx node --expose-gc bench/import-100k.ts [rows]`: a memory and throughput benchmark of the CSV
 * import, not a test. Generates the rows as a stream (the file never exists whole, on disk or in memory), posts it
 * to `POST /services/{id}/imports` through the real app in-process (embedded libSQL file, WAL), then
 * imports the same file again (every row skipped). Prints rows/s and peak RSS, sampled every 20 ms
 * and at each 10% of the upload, plus (with --expose-gc) the heap still reachable after a full GC
 * there: flat curves show the import does not grow with the file.
 * One row in 100 has a bad amount, to exercise the row-error path.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signToken } from '../adapters/crypto/jwt.ts'
import { jsonLogger } from '../adapters/log/json-logger.ts'
import { cents } from '../core/money.ts'
import { provisionTenant } from '../core/use-cases/tenants.ts'
import { createApp } from '../edge/app.ts'
import { buildDeps } from '../edge/deps/index.ts'
import { openLocalDb } from '../edge/local/db.ts'

const ROWS = Number(process.argv[2] ?? process.env['IMPORT_ROWS'] ?? 100_000)
const ROWS_PER_PIECE = 500
const HEADER = 'external_id,notice_number,amount,reason,expire_at,payer_type,payer_tax_code,payer_name,payer_family_name,payer_email\r\n'
const MB = 1024 * 1024
const mb = (n: number) => `${(n / MB).toFixed(1)} MB`

const dir = mkdtempSync(join(tmpdir(), 'varco-import-bench-'))
const url = `file:${join(dir, 'varco.db')}`
const secret = 'benchmark-secret-0123456789-abcdefghij'
const deps = buildDeps(
  { VARCO_ENV: 'test', VARCO_DB_URL: url, JWT_SECRET: secret, VARCO_SANDBOX: 'false', VARCO_PUBLIC_URL: 'http://varco.bench' },
  { db: openLocalDb(url), logger: jsonLogger({ level: 'warn' }) },
)
await deps.ready
// Comparison only: the gateway runs with the engine's default (FULL: one fsync per committed write).
const SYNC = process.env['IMPORT_BENCH_SYNCHRONOUS']
if (SYNC) await deps.db.execute(`PRAGMA synchronous = ${SYNC === 'normal' ? 'NORMAL' : 'FULL'}`)
const provisioned = await provisionTenant(deps, { name: 'Comune di Bugliano', taxIdentificationNumber: '00341620508' }, new Date())
if (!provisioned.ok) throw new Error(provisioned.error.code)
const tenantId = provisioned.value.tenant.id
const serviceId = crypto.randomUUID()
const now = new Date()
await deps.services.create({
  id: serviceId,
  tenant_id: tenantId,
  payment_type: 'PAGOPA',
  remote_collection: null,
  amount: cents(1650),
  reason: 'TARI 2026',
  expire_at: 30,
  receiver: null,
  collection_data: '9/0101108TS/',
  split: [],
  intermediary: 'pagopa',
  active: true,
  created_at: now,
  updated_at: now,
})
const token = await signToken({ secret, tenantId, userId: 'bench', role: 'operator', ttlSeconds: 3600, now: new Date() })
const app = createApp({ resolveDeps: () => deps })

let peakRss = 0
let peakHeap = 0
const sample = () => {
  const m = process.memoryUsage()
  peakRss = Math.max(peakRss, m.rss)
  peakHeap = Math.max(peakHeap, m.heapUsed)
  return m
}
const timer = setInterval(sample, 20)
const gc = (globalThis as { gc?: () => void }).gc

function csvStream(curve: string[]): { stream: ReadableStream<Uint8Array>; bytes: () => number } {
  const encoder = new TextEncoder()
  let next = 0
  let bytes = 0
  let header = true
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (next >= ROWS) {
        controller.close()
        return
      }
      let text = header ? HEADER : ''
      header = false
      const end = Math.min(ROWS, next + ROWS_PER_PIECE)
      for (; next < end; next++) {
        const amount = next % 100 === 99 ? '12,50' : `${(next % 500) + 1}.${String(next % 100).padStart(2, '0')}`
        text += `TARI-2026-${String(next).padStart(7, '0')},,${amount},"TARI 2026, rata ${(next % 3) + 1}",2026-12-31,human,RSSMRA85T10A562S,Mario,Rossi,mario.rossi@example.it\r\n`
      }
      const chunk = encoder.encode(text)
      bytes += chunk.length
      controller.enqueue(chunk)
      if (next % (ROWS / 10) < ROWS_PER_PIECE || next === ROWS) {
        const rss = sample().rss
        // With --expose-gc: the heap still reachable after a full collection, i.e. what the import holds.
        gc?.()
        const retained = gc ? ` (heap after GC ${mb(process.memoryUsage().heapUsed)})` : ''
        curve.push(`${Math.round((next / ROWS) * 100)}%: ${mb(rss)}${retained}`)
      }
    },
  })
  return { stream, bytes: () => bytes }
}

async function run(label: string) {
  const curve: string[] = []
  const { stream, bytes } = csvStream(curve)
  peakRss = 0
  peakHeap = 0
  const before = sample()
  const started = performance.now()
  const res = await app.request(`/services/${serviceId}/imports`, {
    method: 'POST',
    headers: { 'x-api-key': provisioned.ok ? provisioned.value.apiKey : '', authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: stream,
    duplex: 'half',
  } as RequestInit)
  const body = (await res.json()) as Record<string, unknown>
  const seconds = (performance.now() - started) / 1000
  console.log(`\n${label}: HTTP ${res.status}, ${ROWS.toLocaleString('en')} rows, ${mb(bytes())} of CSV, ${seconds.toFixed(1)} s`)
  console.log(
    `  counts: ${JSON.stringify({ status: body['status'], created: body['rows_created'], skipped: body['rows_skipped'], failed: body['rows_failed'] })}`,
  )
  console.log(`  throughput: ${Math.round(ROWS / seconds).toLocaleString('en')} rows/s`)
  console.log(`  RSS before ${mb(before.rss)}, peak ${mb(peakRss)} (+${mb(peakRss - before.rss)}); peak heap used ${mb(peakHeap)}`)
  console.log(`  RSS along the upload: ${curve.join(', ')}`)
}

try {
  const sync = (await deps.db.first('PRAGMA synchronous'))?.['synchronous']
  console.log(
    `node ${process.version}, embedded libSQL file (WAL, synchronous=${sync === 1 ? 'NORMAL' : sync === 2 ? 'FULL' : sync}) in ${dir}`,
  )
  await run('first import')
  await run('same file again')
  const n = await deps.db.first({ sql: 'SELECT COUNT(*) AS n FROM payments WHERE tenant_id = ?', args: [tenantId] })
  console.log(`\npayments stored: ${n?.['n']} (CREATION_PENDING, due for the poller)`)
} finally {
  clearInterval(timer)
  deps.db.close()
  rmSync(dir, { recursive: true, force: true })
}
