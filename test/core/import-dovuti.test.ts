/**
 * The import use case on real storage (the Node harness: embedded libSQL, pagoPA simulator):
 * bounded chunks, duplicates inside a file, rows refused by the ingestion rules, and refusals that
 * stop reading the upload.
 * @module
 */

import { beforeEach, describe, expect, it } from 'vitest'
import type { ImportProgress } from '../../core/import/import.ts'
import { type Cents, cents } from '../../core/money.ts'
import type { Service } from '../../core/service.ts'
import { IMPORT_CHUNK, importAppId, importDovuti, rowEvent } from '../../core/use-cases/import-dovuti.ts'
import type { Deps } from '../../edge/deps/index.ts'
import { harness } from '../edge/harness.ts'

const HEADER = 'external_id,notice_number,amount,reason,expire_at,payer_type,payer_tax_code,payer_name,payer_family_name,payer_email'
const row = (id: string, amount = '16.50') => `${id},,${amount},,,human,RSSMRA85T10A562S,Mario,Rossi,`
const file = (...rows: string[]) => `${HEADER}\r\n${rows.join('\r\n')}\r\n`

/** The text as a source that records whether it was read to the end or stopped early. */
function source(text: string, pieceSize = 64) {
  const state = { pieces: 0, closed: false, finished: false }
  async function* gen() {
    try {
      for (let i = 0; i < text.length; i += pieceSize) {
        state.pieces++
        yield text.slice(i, i + pieceSize)
      }
      state.finished = true
    } finally {
      state.closed = true
    }
  }
  return { iter: gen(), state }
}

describe('importDovuti', () => {
  let h: Awaited<ReturnType<typeof harness>>
  let tenantId: string
  let service: Service
  let progress: ImportProgress[]
  let deps: Deps

  const makeService = async (over: Partial<Service> = {}) => {
    const s: Service = {
      id: crypto.randomUUID(),
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
      created_at: h.clock(),
      updated_at: h.clock(),
      ...over,
    }
    const r = await h.deps.services.create(s)
    if (!r.ok) throw new Error(r.error.code)
    return s
  }
  const bound = async (externalId: string) =>
    (
      await h.deps.db.first({
        sql: 'SELECT payment_id FROM payment_external_ids WHERE tenant_id = ? AND service_id = ? AND external_id = ?',
        args: [tenantId, service.id, externalId],
      })
    )?.['payment_id'] ?? null

  beforeEach(async () => {
    h = await harness()
    tenantId = (await h.tenant()).id
    service = await makeService()
    progress = []
    const imports = h.deps.imports
    deps = {
      ...h.deps,
      imports: {
        ...imports,
        commitChunk: async (t, i, chunk) => {
          progress.push(chunk.progress)
          return imports.commitChunk(t, i, chunk)
        },
      },
    }
  })

  it(`writes progress per chunk of at most ${IMPORT_CHUNK} rows`, async () => {
    const rows = Array.from({ length: 450 }, (_, k) => row(`C-${k}`))
    const r = await importDovuti(deps, { tenantId, serviceId: service.id }, source(file(...rows), 1000).iter)
    expect(r).toMatchObject({ ok: true, value: { status: 'completed', rows_total: 450, rows_created: 450 } })
    expect(progress.map((p) => p.rows)).toEqual([200, 200, 50])
  })

  it('counts the same external id twice in a file once, within a chunk and across chunks', async () => {
    const s = source(file(row('D-1'), row('D-1'), row('D-2'), row('D-3'), row('D-2')))
    const r = await importDovuti(deps, { tenantId, serviceId: service.id }, s.iter, { chunkSize: 3 })
    expect(r).toMatchObject({ ok: true, value: { rows_total: 5, rows_created: 3, rows_skipped: 2, rows_failed: 0 } })
    expect(progress).toEqual([
      { rows: 3, created: 2, skipped: 1, failed: 0 },
      { rows: 2, created: 1, skipped: 1, failed: 0 },
    ])
    expect(s.state).toMatchObject({ finished: true, closed: true })
  })

  it('reports a row the ingestion rules refuse (splits of a fixed amount) and frees its external id', async () => {
    service = await makeService({
      split: [
        { code: 'c_1', amount: cents(900) as Cents, meta: {} },
        { code: 'c_2', amount: cents(750) as Cents, meta: {} },
      ],
    })
    const r = await importDovuti(deps, { tenantId, serviceId: service.id }, source(file(row('S-1', '20.00'), row('S-2'))).iter)
    expect(r).toMatchObject({ ok: true, value: { rows_created: 1, rows_failed: 1 } })
    if (!r.ok) return
    expect((await h.deps.imports.errors(tenantId, r.value.id, { limit: 10, offset: 0 })).items).toEqual([
      { row: 2, field: 'amount', message: 'splits add up to 16.5, not to the amount 20: the service splits a fixed amount' },
    ])
    expect(await bound('S-1')).toBeNull()
    expect(await bound('S-2')).not.toBeNull()
  })

  it('keeps the binding when a later row of the chunk stores the payment a refused row could not', async () => {
    service = await makeService({ split: [{ code: 'c_1', amount: cents(1650) as Cents, meta: {} }] })
    const r = await importDovuti(deps, { tenantId, serviceId: service.id }, source(file(row('F-1', '20.00'), row('F-1'))).iter)
    expect(r).toMatchObject({ ok: true, value: { rows_created: 1, rows_failed: 1 } })
    const paymentId = String(await bound('F-1'))
    expect(await h.deps.payments.get(tenantId, paymentId)).toMatchObject({ payment: { status: 'CREATION_PENDING' } })
  })

  it('stores a chunk row by row when a concurrent import stored one of its payments first, counting that one skipped', async () => {
    const imports = h.deps.imports
    let raced = false
    const racing: Deps = {
      ...deps,
      imports: {
        ...imports,
        commitChunk: async (t, i, chunk) => {
          const first = chunk.payments[0]
          if (!raced && first) {
            raced = true
            await h.deps.payments.insert(first)
          }
          progress.push(chunk.progress)
          return imports.commitChunk(t, i, chunk)
        },
      },
    }
    const r = await importDovuti(racing, { tenantId, serviceId: service.id }, source(file(row('R-1'), row('R-2'), row('R-3'))).iter)
    expect(r).toMatchObject({ ok: true, value: { status: 'completed', rows_total: 3, rows_created: 2, rows_skipped: 1 } })
    expect(progress).toEqual([
      { rows: 3, created: 3, skipped: 0, failed: 0 },
      { rows: 3, created: 2, skipped: 1, failed: 0 },
    ])
    for (const id of ['R-1', 'R-2', 'R-3']) expect(await h.deps.payments.get(tenantId, String(await bound(id)))).not.toBeNull()
  })

  it('refuses before reading when the service cannot take imports, and stops reading a refused file', async () => {
    const stamp = await makeService({ payment_type: 'STAMP' })
    const s1 = source(file(row('X-1')))
    expect(await importDovuti(deps, { tenantId, serviceId: stamp.id }, s1.iter)).toMatchObject({
      ok: false,
      error: { code: 'unprocessable', detail: expect.stringContaining('STAMP') },
    })
    expect(s1.state.pieces).toBe(0)
    const big = source(`${HEADER},extra\r\n${row('X-2').repeat(1000)}`, 64)
    expect(await importDovuti(deps, { tenantId, serviceId: service.id }, big.iter)).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    })
    expect(big.state).toMatchObject({ finished: false, closed: true })
    expect(big.state.pieces).toBeLessThan(10)
  })

  it('refuses an inactive tenant', async () => {
    const t = await h.deps.tenants.get(tenantId)
    if (!t) throw new Error('no tenant')
    await h.deps.tenants.update({ ...t, active: false, updatedAt: new Date(t.updatedAt.getTime() + 1000) }, t.updatedAt)
    expect(await importDovuti(deps, { tenantId, serviceId: service.id }, source(file(row('T-1'))).iter)).toMatchObject({
      ok: false,
      error: { code: 'unprocessable' },
    })
  })
})

describe('the event a row stands for', () => {
  const service = {
    id: '9a1b6c1e-2f1d-4a57-8f6c-3a2b1c0d9e8f',
    tenant_id: '60e35f02-1509-408c-b101-3b1a28109329',
    payment_type: 'PAGOPA',
    reason: 'TARI 2026',
    receiver: null,
    collection_data: '9/0101108TS/',
  } as unknown as Service
  const now = new Date('2026-11-23T10:00:00Z')
  const payer = { type: 'human' as const, tax_identification_number: 'RSSMRA85T10A562S', name: 'Mario', family_name: null, email: null }
  const base = { row: 2, external_id: 'E-1', amount: cents(1650), reason: null, expire_at: null, payer }

  it('is a v2.0 CREATION_PENDING event without a notice, with a fresh envelope and the iud of the payment id', () => {
    const e = rowEvent(
      { ...base, notice_number: null },
      {
        service,
        paymentId: 'bb7044e4-066c-4bf7-915e-87ee97270eae',
        eventId: 'c80a2a33-577a-49a1-b578-0d2267ea5653',
        appId: 'varco-import:0.1.0',
        now,
      },
    )
    expect(e).toMatchObject({
      id: 'bb7044e4-066c-4bf7-915e-87ee97270eae',
      status: 'CREATION_PENDING',
      reason: 'TARI 2026',
      payment: { iud: 'bb7044e4066c4bf7915e87ee97270eae', notice_code: null, iuv: null, amount: 1650, split: [] },
      event_version: '2.0',
      event_id: 'c80a2a33-577a-49a1-b578-0d2267ea5653',
      app_id: 'varco-import:0.1.0',
    })
  })

  it('is PAYMENT_PENDING with the IUV inside the notice number (aux digit 0 drops the application code)', () => {
    const ctx = { service, paymentId: crypto.randomUUID(), eventId: crypto.randomUUID(), appId: 'x', now }
    expect(rowEvent({ ...base, notice_number: '301000000000000144' }, ctx).payment.iuv).toBe('01000000000000144')
    expect(rowEvent({ ...base, notice_number: '012345678901234567' }, ctx)).toMatchObject({
      status: 'PAYMENT_PENDING',
      payment: { iuv: '345678901234567' },
    })
  })

  it('names its producer varco-import, which ingestion does not take for its own events', () => {
    expect(importAppId('varco:0.1.0')).toBe('varco-import:0.1.0')
    expect(importAppId('varco:0.1.0').startsWith('varco:')).toBe(false)
  })
})
