/**
 * The SDI use cases (core/sdi) against a scripted intermediary and the in-memory store, with the
 * real FatturaPA validator: idempotency, no double send, lost answers, the reconciler, callbacks,
 * forward-only notifications in any order, and corrected re-sends after NS.
 * @module
 */

import { beforeAll, describe, expect, it, vi } from 'vitest'
import { createNodeXsdValidator } from '../../adapters/fatturapa/xsd/node.ts'
import { sha256 } from '../../adapters/shared/hash.ts'
import { toHex } from '../../adapters/shared/hex.ts'
import { reconcileSdiJob } from '../../core/jobs/reconcile-sdi.ts'
import { receiveSdiCallback } from '../../core/sdi/callback.ts'
import { NO_OBSERVER, type SdiDeps } from '../../core/sdi/deps.ts'
import type { SdiTransmission } from '../../core/sdi/model.ts'
import { getNotification, getTransmission } from '../../core/sdi/queries.ts'
import { transmit } from '../../core/sdi/transmit.ts'
import type { XsdValidator } from '../../ports/xsd-validator.port.ts'
import { fixedClock, sequentialIds } from '../fakes/clock.fake.ts'
import { inMemorySdiRepo } from '../fakes/in-memory-sdi-repo.fake.ts'
import { scriptedTransmitter } from '../fakes/sdi-transmitter.fake.ts'
import { inMemoryWebhookInbox } from '../fakes/webhook-inbox.fake.ts'
import { sdiInvoice, utf8 } from '../fixtures/sdi/invoices.ts'

let xsd: XsdValidator
beforeAll(async () => {
  xsd = await createNodeXsdValidator()
})

const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent }

function world() {
  const clock = fixedClock('2026-03-02T09:00:00.000Z')
  const far = scriptedTransmitter(clock)
  const store = inMemorySdiRepo()
  const counters = { sent: [] as string[], notified: [] as string[], lag: [] as number[] }
  const deps: SdiDeps = {
    clock,
    newId: sequentialIds(),
    logger: silent,
    store,
    transmitter: far.transmitter,
    xsd: async () => xsd,
    sha256Hex: async (t) => toHex(await sha256(t)),
    inbox: inMemoryWebhookInbox(),
    observe: {
      sent: (o) => counters.sent.push(o),
      notified: (t, codes) => counters.notified.push(`${t}:${codes.join(',')}`),
      callbackLag: (s) => counters.lag.push(s),
    },
  }
  const reconcile = async (advanceMs = 0) => {
    clock.advance(advanceMs)
    return reconcileSdiJob.run({ sdi: deps }, clock())
  }
  return { clock, far, store, deps, counters, reconcile }
}

const send = async (deps: SdiDeps, o: Parameters<typeof sdiInvoice>[0] = {}, tenantId = 'tenant-a') => {
  const inv = sdiInvoice(o)
  return transmit(deps, { tenantId, fatturaNumero: inv.numero, xml: utf8(inv.xml) })
}

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`)
  return r.value
}

describe('transmit', () => {
  it('sends a valid B2B invoice once: inviata, with the file name, the sha256 and an SDI id', async () => {
    const w = world()
    const r = ok(await send(w.deps))
    expect(r.created).toBe(true)
    expect(r.transmission).toMatchObject({
      id: 'SDI-2026-000001',
      state: 'inviata',
      fileName: 'IT07776161213_00001.xml',
      formato: 'FPR12',
      attempt: 1,
      previousId: null,
      remoteId: 'uuid-1',
    })
    expect(r.transmission.xmlSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(r.transmission.sentAt).toEqual(w.clock())
    expect(w.far.calls.send).toBe(1)
    expect(w.counters.sent).toEqual(['accepted'])
    expect(w.store.events.map((e) => e.doc['stato'])).toEqual(['in_invio', 'inviata'])
  })

  it('refuses an invoice SDI would discard with every error; nothing stored or sent', async () => {
    const w = world()
    const bad = sdiInvoice().xml.replace(/<Numero>[^<]+<\/Numero>/, '<Numero>ABC</Numero>')
    const r = await transmit(w.deps, { tenantId: 'tenant-a', fatturaNumero: 'ABC', xml: utf8(bad) })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.code).toBe('invoice.invalid')
    if (r.error.code === 'invoice.invalid') expect(r.error.issues.map((i) => i.code)).toContain('00425')
    expect(w.far.calls.send).toBe(0)
    expect(await w.store.latestByNumero('tenant-a', 'ABC')).toBeNull()
  })

  it('refuses malformed XML and a fattura_numero that is not the invoice’s', async () => {
    const w = world()
    const r1 = await transmit(w.deps, { tenantId: 'tenant-a', fatturaNumero: 'X1', xml: utf8('<FatturaElettronica') })
    expect(!r1.ok && r1.error.code).toBe('invoice.invalid')
    const inv = sdiInvoice()
    const r2 = await transmit(w.deps, { tenantId: 'tenant-a', fatturaNumero: 'FT-OTHER-1', xml: utf8(inv.xml) })
    expect(!r2.ok && r2.error.code).toBe('validation')
    expect(w.far.calls.send).toBe(0)
  })

  it('is idempotent on the number: a repeat returns the record; 20 concurrent make one send', async () => {
    const w = world()
    const all = await Promise.all(Array.from({ length: 20 }, () => send(w.deps)))
    const values = all.map(ok)
    expect(values.filter((v) => v.created)).toHaveLength(1)
    expect(new Set(values.map((v) => v.transmission.id)).size).toBe(1)
    expect(w.far.calls.send).toBe(1)
    const again = ok(await send(w.deps))
    expect(again.created).toBe(false)
    expect(again.transmission.state).toBe('inviata')
  })

  it('another file under a number already sent is a conflict; another tenant’s number is its own', async () => {
    const w = world()
    ok(await send(w.deps))
    const r = await send(w.deps, { price: '151.00', progressivo: 2 })
    expect(!r.ok && r.error.code).toBe('conflict')
    const other = ok(await send(w.deps, {}, 'tenant-b'))
    expect(other.created).toBe(true)
    expect(w.far.calls.send).toBe(2)
  })

  it('a refusal by the intermediary is errore (nothing reached SDI); sending again makes attempt 2', async () => {
    const w = world()
    w.far.setMode('refuse')
    const r = ok(await send(w.deps))
    expect(r.transmission.state).toBe('errore')
    expect(r.transmission.error).toContain('230')
    expect(r.transmission.nextCheckAt).toBeNull()
    w.far.setMode('accept')
    const again = ok(await send(w.deps))
    expect(again.transmission).toMatchObject({ attempt: 2, previousId: r.transmission.id, state: 'inviata' })
  })

  it('answers 503-style unavailable without an intermediary, before storing anything', async () => {
    const w = world()
    const r = await send({ ...w.deps, transmitter: null })
    expect(!r.ok && r.error.code).toBe('unavailable')
    expect(await w.store.latestByNumero('tenant-a', 'FT-2026-0001-01')).toBeNull()
  })
})

describe('lost answers are resolved by lookup, never by sending again', () => {
  it('accepted but the answer was lost: unknown, then the reconciler finds it and follows it', async () => {
    const w = world()
    w.far.setMode('lost-after-accept')
    const r = ok(await send(w.deps))
    expect(r.transmission.state).toBe('unknown')
    expect(w.counters.sent).toEqual(['unknown'])
    // A retry of the request returns the same record, and sends nothing.
    expect(ok(await send(w.deps)).transmission.id).toBe(r.transmission.id)
    const report = await w.reconcile(60_000)
    expect(report.counts['found']).toBe(1)
    const t = ok(await getTransmission(w.deps, 'tenant-a', r.transmission.id)).transmission
    expect(t).toMatchObject({ state: 'inviata', remoteId: 'uuid-1' })
    expect(w.far.calls.send).toBe(1)
    w.far.notify('uuid-1', 'RC')
    await w.reconcile(120_000)
    expect(ok(await getTransmission(w.deps, 'tenant-a', r.transmission.id)).transmission.state).toBe('RC')
    expect(w.far.calls.send).toBe(1)
  })

  it('never accepted: unknown until 3 looks over 10 minutes find nothing, then errore; a new send is attempt 2', async () => {
    const w = world()
    w.far.setMode('lost-before-accept')
    const r = ok(await send(w.deps))
    expect(r.transmission.state).toBe('unknown')
    await w.reconcile(60_000)
    await w.reconcile(120_000)
    let t = ok(await getTransmission(w.deps, 'tenant-a', r.transmission.id)).transmission
    expect(t.state).toBe('unknown')
    await w.reconcile(10 * 60_000)
    t = ok(await getTransmission(w.deps, 'tenant-a', r.transmission.id)).transmission
    expect(t.state).toBe('errore')
    expect(w.far.calls.send).toBe(1)
    w.far.setMode('accept')
    expect(ok(await send(w.deps)).transmission).toMatchObject({ attempt: 2, state: 'inviata' })
  })

  it('an intermediary outage during reconcile changes nothing and backs off', async () => {
    const w = world()
    const r = ok(await send(w.deps))
    w.far.setDown(true)
    const report = await w.reconcile(60_000)
    expect(report.counts['unreachable']).toBe(1)
    const t = ok(await getTransmission(w.deps, 'tenant-a', r.transmission.id)).transmission
    expect(t.state).toBe('inviata')
    expect(t.checks).toBe(1)
    expect(t.nextCheckAt?.getTime()).toBe(w.clock().getTime() + 120_000)
  })

  it('a crash between storing and sending leaves in_invio; the reconciler resolves it after the grace period', async () => {
    const w = world()
    // Simulate the crash: store the row as transmit would, never call send.
    const crashed = { ...w.deps, transmitter: { ...w.far.transmitter, send: () => new Promise<never>(() => {}) } }
    void send(crashed)
    const stuck = await vi.waitFor(async () => {
      const row = await w.store.latestByNumero('tenant-a', 'FT-2026-0001-01')
      if (!row) throw new Error('not stored yet')
      return row as SdiTransmission
    })
    expect(stuck.state).toBe('in_invio')
    expect((await w.reconcile(60_000)).counts['checked']).toBe(0) // within the grace period
    await w.reconcile(2 * 60_000)
    expect((await w.store.get('tenant-a', stuck.id))?.state).toBe('unknown')
    expect(w.far.calls.send).toBe(0)
  })
})

describe('notifications', () => {
  it('B2B: RC through polling is final, stored with its raw XML and parsed fields', async () => {
    const w = world()
    const id = ok(await send(w.deps)).transmission.id
    w.far.notify('uuid-1', 'RC')
    await w.reconcile(60_000)
    const v = ok(await getTransmission(w.deps, 'tenant-a', id))
    expect(v.transmission).toMatchObject({ state: 'RC', identificativoSdi: '1001', nextCheckAt: null })
    expect(v.notifications).toHaveLength(1)
    expect(v.notifications[0]?.parsed).toMatchObject({ type: 'RC', identificativoSdi: '1001', nomeFile: 'IT07776161213_00001.xml' })
    const raw = ok(await getNotification(w.deps, 'tenant-a', id, 1))
    expect(raw.xml).toContain('<ns3:RicevutaConsegna')
    expect((await w.reconcile(6 * 3_600_000)).counts['checked']).toBe(0)
  })

  it('PA: RC then NE EC01 through callbacks; a replayed callback changes nothing; lag is measured', async () => {
    const w = world()
    const id = ok(await send(w.deps, { formato: 'FPA12' })).transmission.id
    const rc = w.far.notify('uuid-1', 'RC')
    w.clock.advance(5_000)
    const first = ok(await receiveSdiCallback(w.deps, w.far.callback(rc, 'uuid-1')))
    expect(first.outcome).toBe('applied')
    expect(first.subject?.state).toBe('RC')
    expect(w.counters.lag).toEqual([5])
    const ne = w.far.notify('uuid-1', 'NE', { esito: 'EC01' })
    ok(await receiveSdiCallback(w.deps, w.far.callback(ne, 'uuid-1')))
    const replay = ok(await receiveSdiCallback(w.deps, w.far.callback(ne, 'uuid-1')))
    expect(replay.outcome).toBe('duplicate')
    const v = ok(await getTransmission(w.deps, 'tenant-a', id))
    expect(v.transmission).toMatchObject({ state: 'NE', esito: 'EC01', nextCheckAt: null })
    expect(v.notifications.map((n) => n.type)).toEqual(['RC', 'NE'])
    expect(w.store.events.map((e) => e.doc['stato'])).toEqual(['in_invio', 'inviata', 'RC', 'NE'])
  })

  it('PA: NE EC02 and DT', async () => {
    const w = world()
    const a = ok(await send(w.deps, { formato: 'FPA12' })).transmission.id
    const b = ok(await send(w.deps, { formato: 'FPA12', numero: 'PA-2', progressivo: 2 })).transmission.id
    w.far.notify('uuid-1', 'RC')
    w.far.notify('uuid-1', 'NE', { esito: 'EC02' })
    w.far.notify('uuid-2', 'RC')
    w.far.notify('uuid-2', 'DT')
    await w.reconcile(60_000)
    expect((await w.store.get('tenant-a', a))?.esito).toBe('EC02')
    expect((await w.store.get('tenant-a', b))?.state).toBe('DT')
    expect(w.counters.notified).toContain('NE:EC02')
  })

  it('out of order: an RC that arrives after NE is stored but changes nothing', async () => {
    const w = world()
    const id = ok(await send(w.deps, { formato: 'FPA12' })).transmission.id
    const t0 = w.clock()
    w.far.notify('uuid-1', 'NE', { esito: 'EC01', at: new Date(t0.getTime() + 2000) })
    await w.reconcile(60_000)
    expect((await w.store.get('tenant-a', id))?.state).toBe('NE')
    const rc = w.far.notify('uuid-1', 'RC', { at: new Date(t0.getTime() + 1000) })
    const r = ok(await receiveSdiCallback(w.deps, w.far.callback(rc, 'uuid-1')))
    expect(r.subject?.state).toBe('NE')
    const v = ok(await getTransmission(w.deps, 'tenant-a', id))
    expect(v.notifications.map((n) => n.type)).toEqual(['NE', 'RC'])
    expect(v.transmission.state).toBe('NE')
  })

  it('NS with its codes; the corrected file needs a new file name, and is linked to the first', async () => {
    const w = world()
    const first = ok(await send(w.deps)).transmission
    w.far.notify('uuid-1', 'NS', { codes: ['00404', '00411'] })
    await w.reconcile(60_000)
    const v = ok(await getTransmission(w.deps, 'tenant-a', first.id))
    expect(v.transmission.state).toBe('NS')
    expect(v.notifications[0]?.parsed.errori.map((e) => e.codice)).toEqual(['00404', '00411'])
    expect(w.counters.notified).toContain('NS:00404,00411')
    const sameName = await send(w.deps, { price: '151.00' })
    expect(!sameName.ok && sameName.error.code).toBe('conflict')
    const fixed = ok(await send(w.deps, { price: '151.00', progressivo: 2 }))
    expect(fixed.transmission).toMatchObject({ attempt: 2, previousId: first.id, fileName: 'IT07776161213_00002.xml', state: 'inviata' })
    expect(w.far.calls.send).toBe(2)
  })

  it('a callback with a bad header is refused before anything is read; one about an unknown invoice is acknowledged', async () => {
    const w = world()
    ok(await send(w.deps))
    const rc = w.far.notify('uuid-1', 'RC')
    const bad = await receiveSdiCallback(w.deps, w.far.callback(rc, 'uuid-1', 'wrong-secret-000000'))
    expect(!bad.ok && bad.error.code).toBe('webhook.rejected')
    const unknown = ok(await receiveSdiCallback(w.deps, w.far.callback({ ...rc, remoteId: 'note-x' }, 'uuid-404')))
    expect(unknown.outcome).toBe('unknown')
  })
})

it('NO_OBSERVER is inert', () => {
  expect(() => {
    NO_OBSERVER.sent('accepted')
    NO_OBSERVER.notified('RC', [])
    NO_OBSERVER.callbackLag(1)
  }).not.toThrow()
})
