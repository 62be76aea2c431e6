/**
 * The SdiRepo contract (ports/sdi-repo.port.ts): idempotent `begin` (twenty at once make one
 * transmission), tenant isolation of every read a user can reach, compare-and-set `update` whose
 * events and notifications are written only when it wins, notifications numbered in order and
 * deduplicated by the intermediary's id, the reconciler's due list, the paged list with its filters,
 * and the per-year id counter. Events are observed through the SDI outbox (OutboxRepo), the way the
 * dispatcher reads them. Each case makes its own tenants, so a shared database needs no reset.
 * Runtime-neutral: libSQL in Node (embedded, @libsql/client, sqld) and sqld from workerd.
 * @module
 */

import { describe, expect, it } from 'vitest'
import type { SdiState, SdiTransmission } from '../../core/sdi/model.ts'
import type { OutboxEntry, OutboxRepo } from '../../ports/outbox.port.ts'
import type { SdiRepo } from '../../ports/sdi-repo.port.ts'
import { aNotification, anSdiEvent, aParsed, aTransmission, nextVersion, SDI_T0 } from '../fakes/sdi-transmission.fake.ts'

export type SdiStorageUnderTest = {
  /** The repo, fanning each event out to these publishers. */
  readonly store: (publishers: readonly string[]) => SdiRepo
  /** The SDI outbox the store writes events to. */
  readonly outbox: OutboxRepo
  /** Creates a tenant row (foreign keys). */
  readonly addTenant: (id: string) => Promise<void>
}

const PUBLISHERS = ['kafka', 'webhook'] as const
const FAR = new Date('9000-01-01T00:00:00Z')
const at = (ms: number) => new Date(SDI_T0.getTime() + ms)

/** Every event of a transmission on every publisher, in delivery order (drains them: marks each delivered). */
async function drainEvents(outbox: OutboxRepo, transmissionId: string): Promise<OutboxEntry[]> {
  const out: OutboxEntry[] = []
  for (;;) {
    const due = await outbox.due(FAR, 100, transmissionId)
    if (due.length === 0) return out
    for (const e of due) {
      out.push(e)
      await outbox.markDelivered(e.id, SDI_T0)
    }
  }
}

const eventIdsOn = (entries: readonly OutboxEntry[], publisher: string) =>
  entries.filter((e) => e.publisher === publisher).map((e) => e.eventId)

export function runSdiStorageContract(opts: { readonly name: string; readonly make: () => Promise<SdiStorageUnderTest> }) {
  describe(`SdiRepo contract: ${opts.name}`, () => {
    const setup = async () => {
      const s = await opts.make()
      const a = crypto.randomUUID()
      const b = crypto.randomUUID()
      await s.addTenant(a)
      await s.addTenant(b)
      return { s, repo: s.store(PUBLISHERS), a, b }
    }
    /** A transmission of tenant `tenantId`, begun. */
    const begun = async (repo: SdiRepo, over: Partial<SdiTransmission> & { tenantId: string }) => {
      const t = aTransmission(over)
      const r = await repo.begin(t, anSdiEvent(t))
      expect(r.created).toBe(true)
      return t
    }

    it('begins a transmission and reads back every field as given', async () => {
      const { repo, a } = await setup()
      const plain = aTransmission({ tenantId: a })
      expect(await repo.begin(plain, anSdiEvent(plain))).toEqual({ created: true, transmission: plain })
      expect(await repo.get(a, plain.id)).toEqual(plain)

      const full = aTransmission({
        tenantId: a,
        attempt: 2,
        previousId: plain.id,
        fileName: 'IT01234567890_0000B.xml',
        formato: 'FPA12',
        progressivoInvio: '0000B',
        xml: '<x>àèìòù € "quoted" \'single\'\n</x>',
        state: 'NE',
        esito: 'EC02',
        remoteId: crypto.randomUUID(),
        identificativoSdi: '999888777',
        marking: 'rejected-pa',
        error: 'nothing, really',
        createdAt: at(1),
        sentAt: at(2),
        updatedAt: at(3),
        nextCheckAt: at(4),
        checks: 7,
        version: 3,
      })
      expect(await repo.begin(full, anSdiEvent(full))).toEqual({ created: true, transmission: full })
      expect(await repo.get(a, full.id)).toEqual(full)
      expect(await repo.get(a, 'SDI-2026-999999')).toBeNull()
    })

    it('is idempotent on (tenant, numero, attempt): a repeat gets the stored row and writes no event', async () => {
      const { s, repo, a, b } = await setup()
      const first = await begun(repo, { tenantId: a })
      const again = aTransmission({ tenantId: a, fatturaNumero: first.fatturaNumero, xmlSha256: 'b'.repeat(64) })
      expect(await repo.begin(again, anSdiEvent(again))).toEqual({ created: false, transmission: first })
      expect(await repo.get(a, again.id)).toBeNull()
      // The same id again (a retried call) is not a second creation either.
      expect(await repo.begin(first, anSdiEvent(first))).toEqual({ created: false, transmission: first })
      // Another attempt of the number, and the same number at another tenant, are new transmissions.
      await begun(repo, { tenantId: a, fatturaNumero: first.fatturaNumero, attempt: 2, previousId: first.id })
      await begun(repo, { tenantId: b, fatturaNumero: first.fatturaNumero })
      const events = await drainEvents(s.outbox, first.id)
      expect(events.map((e) => e.publisher).sort()).toEqual([...PUBLISHERS])
      expect(await drainEvents(s.outbox, again.id)).toEqual([])
    })

    it('makes exactly one transmission of twenty concurrent begins, and gives every caller that one', async () => {
      const { s, repo, a } = await setup()
      const numero = `FT-1${crypto.randomUUID().slice(0, 8)}`
      const tries = Array.from({ length: 20 }, () => aTransmission({ tenantId: a, fatturaNumero: numero }))
      const outcomes = await Promise.all(tries.map((t) => repo.begin(t, anSdiEvent(t))))
      const winners = outcomes.filter((o) => o.created)
      expect(winners).toHaveLength(1)
      const winner = winners[0]?.transmission as SdiTransmission
      expect(outcomes.every((o) => o.transmission.id === winner.id)).toBe(true)
      expect(outcomes.map((o) => o.transmission)).toEqual(outcomes.map(() => winner))
      expect((await repo.list(a, { limit: 50 })).items.map((t) => t.id)).toEqual([winner.id])
      const events = await drainEvents(s.outbox, winner.id)
      expect(events).toHaveLength(PUBLISHERS.length)
      for (const loser of tries.filter((t) => t.id !== winner.id)) expect(await drainEvents(s.outbox, loser.id)).toEqual([])
    })

    it('writes the event of a begin for every publisher, as given, keyed by tenant', async () => {
      const { s, repo, a } = await setup()
      const t = aTransmission({ tenantId: a })
      const event = anSdiEvent(t)
      await repo.begin(t, event)
      const events = await drainEvents(s.outbox, t.id)
      expect(events.map((e) => e.publisher).sort()).toEqual([...PUBLISHERS])
      for (const e of events) {
        expect(e).toMatchObject({ eventId: event.eventId, paymentId: t.id, key: a, attempts: 0 })
        expect(e.event).toEqual(event.doc)
      }
      // No publisher configured: nothing to deliver.
      const quiet = aTransmission({ tenantId: a })
      await s.store([]).begin(quiet, anSdiEvent(quiet))
      expect(await drainEvents(s.outbox, quiet.id)).toEqual([])
    })

    it('refuses an event whose document does not carry its id and type (a bug), writing nothing', async () => {
      const { repo, a } = await setup()
      const t = aTransmission({ tenantId: a })
      const e = anSdiEvent(t)
      await expect(repo.begin(t, { ...e, doc: { ...e.doc, event_id: crypto.randomUUID() } })).rejects.toThrow(/event_id/)
      expect(await repo.get(a, t.id)).toBeNull()
    })

    it('keeps tenants apart on get, latestByNumero, list and notifications', async () => {
      const { repo, a, b } = await setup()
      const t = await begun(repo, { tenantId: a })
      const next = nextVersion(t, { state: 'inviata', remoteId: crypto.randomUUID() })
      expect(await repo.update(next, t.version, { events: [], notifications: [aNotification(t, 'RC')] })).toBe(true)
      expect(await repo.get(b, t.id)).toBeNull()
      expect(await repo.latestByNumero(b, t.fatturaNumero)).toBeNull()
      expect(await repo.list(b, { limit: 10 })).toEqual({ items: [], nextCursor: null })
      expect(await repo.notifications(b, t.id)).toEqual([])
      expect(await repo.notifications(a, t.id)).toHaveLength(1)
      expect(await repo.latestByNumero(a, t.fatturaNumero)).toEqual(next)
    })

    it('finds the latest attempt of a number', async () => {
      const { repo, a } = await setup()
      const first = await begun(repo, { tenantId: a })
      expect(await repo.latestByNumero(a, first.fatturaNumero)).toEqual(first)
      const third = await begun(repo, { tenantId: a, fatturaNumero: first.fatturaNumero, attempt: 3 })
      await begun(repo, { tenantId: a, fatturaNumero: first.fatturaNumero, attempt: 2 })
      expect(await repo.latestByNumero(a, first.fatturaNumero)).toEqual(third)
      expect(await repo.latestByNumero(a, 'FT-none')).toBeNull()
    })

    it('finds any tenant’s transmission by the intermediary’s id, per intermediary', async () => {
      const { repo, a, b } = await setup()
      const remoteId = crypto.randomUUID()
      const t = await begun(repo, { tenantId: b, remoteId })
      await begun(repo, { tenantId: a })
      expect(await repo.findByRemoteId('openapi', remoteId)).toEqual(t)
      expect(await repo.findByRemoteId('another', remoteId)).toBeNull()
      expect(await repo.findByRemoteId('openapi', crypto.randomUUID())).toBeNull()
      // Known once an update sets it.
      const u = await begun(repo, { tenantId: a })
      const uRemote = crypto.randomUUID()
      const next = nextVersion(u, { state: 'inviata', remoteId: uRemote })
      await repo.update(next, u.version, { events: [], notifications: [] })
      expect(await repo.findByRemoteId('openapi', uRemote)).toEqual(next)
    })

    it('updates by compare-and-set on version, writing the change’s events after the earlier ones', async () => {
      const { s, repo, a } = await setup()
      const t = await begun(repo, { tenantId: a })
      const v2 = nextVersion(t, {
        state: 'inviata',
        remoteId: crypto.randomUUID(),
        sentAt: at(1000),
        nextCheckAt: at(61_000),
        marking: 'sent',
      })
      const e2 = anSdiEvent(v2)
      expect(await repo.update(v2, 1, { events: [e2], notifications: [] })).toBe(true)
      expect(await repo.get(a, t.id)).toEqual(v2)

      const stale = nextVersion(t, { state: 'errore', error: 'too late' })
      const lost = anSdiEvent(stale)
      expect(await repo.update(stale, 1, { events: [lost], notifications: [aNotification(t, 'NS')] })).toBe(false)
      expect(await repo.get(a, t.id)).toEqual(v2)
      expect(await repo.notifications(a, t.id)).toEqual([])

      const v3 = nextVersion(v2, { state: 'RC', nextCheckAt: null, checks: 1 })
      const e3 = anSdiEvent(v3)
      expect(await repo.update(v3, 2, { events: [e3], notifications: [] })).toBe(true)
      const events = await drainEvents(s.outbox, t.id)
      for (const p of PUBLISHERS) expect(eventIdsOn(events, p).slice(1)).toEqual([e2.eventId, e3.eventId])
      expect(events.find((e) => e.eventId === e3.eventId)?.event).toEqual(e3.doc)
      expect(events.some((e) => e.eventId === lost.eventId)).toBe(false)
    })

    it('keeps the file as begun: an update writes the state, not the XML', async () => {
      const { repo, a } = await setup()
      const t = await begun(repo, { tenantId: a })
      const next = nextVersion(t, { state: 'inviata', xml: '<other/>', xmlSha256: 'c'.repeat(64) })
      expect(await repo.update(next, 1, { events: [], notifications: [] })).toBe(true)
      expect(await repo.get(a, t.id)).toEqual({ ...next, xml: t.xml, xmlSha256: t.xmlSha256 })
    })

    it('answers false for an unknown transmission or another tenant’s, and throws for a version that does not follow', async () => {
      const { repo, a, b } = await setup()
      const ghost = nextVersion(aTransmission({ tenantId: a }))
      expect(await repo.update(ghost, 1, { events: [], notifications: [] })).toBe(false)
      const t = await begun(repo, { tenantId: a })
      expect(await repo.update({ ...nextVersion(t), tenantId: b }, 1, { events: [], notifications: [] })).toBe(false)
      await expect(repo.update({ ...t, version: 5 }, 1, { events: [], notifications: [] })).rejects.toThrow(/version/)
      expect(await repo.get(a, t.id)).toEqual(t)
    })

    it('lets exactly one of two concurrent updates from the same version win, with only its events and notifications', async () => {
      const { s, repo, a } = await setup()
      const t = await begun(repo, { tenantId: a })
      const viaCallback = nextVersion(t, { state: 'RC', marking: 'delivered' })
      const viaPoll = nextVersion(t, { state: 'NS', marking: 'rejected' })
      const changes = [
        { next: viaCallback, event: anSdiEvent(viaCallback), n: aNotification(t, 'RC') },
        { next: viaPoll, event: anSdiEvent(viaPoll), n: aNotification(t, 'NS') },
      ]
      const won = await Promise.all(changes.map((c) => repo.update(c.next, 1, { events: [c.event], notifications: [c.n] })))
      expect(won.filter(Boolean)).toHaveLength(1)
      const winner = won[0] ? changes[0] : changes[1]
      const loser = won[0] ? changes[1] : changes[0]
      expect(await repo.get(a, t.id)).toEqual(winner?.next)
      expect((await repo.notifications(a, t.id)).map((n) => n.remoteId)).toEqual([winner?.n.remoteId])
      const ids = (await drainEvents(s.outbox, t.id)).map((e) => e.eventId)
      expect(ids).toContain(winner?.event.eventId)
      expect(ids).not.toContain(loser?.event.eventId)
    })

    it('numbers notifications 1, 2, … in the order stored and skips one already stored (by the intermediary’s id)', async () => {
      const { repo, a } = await setup()
      const t = await begun(repo, { tenantId: a })
      const mc = aNotification(t, 'MC', { n: 42 })
      const rc = aNotification(t, 'RC', { n: 7 })
      const v2 = nextVersion(t, { state: 'MC' })
      expect(await repo.update(v2, 1, { events: [], notifications: [mc, rc, { ...mc, xml: '<dup/>' }] })).toBe(true)
      const ns = aNotification(t, 'NS', { fileName: null })
      const v3 = nextVersion(v2, { state: 'RC' })
      expect(await repo.update(v3, 2, { events: [], notifications: [rc, ns] })).toBe(true)
      const stored = await repo.notifications(a, t.id)
      expect(stored).toEqual([
        { ...mc, n: 1 },
        { ...rc, n: 2 },
        { ...ns, n: 3 },
      ])
      expect(stored[2]?.parsed.errori).toEqual(aParsed('NS').errori)
      // An update bringing only a known notification still wins (the state may change by a poll).
      expect(await repo.update(nextVersion(v3), 3, { events: [], notifications: [mc] })).toBe(true)
      expect(await repo.notifications(a, t.id)).toHaveLength(3)
    })

    it('keeps the notifications of each transmission apart (the same intermediary id may recur elsewhere)', async () => {
      const { repo, a } = await setup()
      const t = await begun(repo, { tenantId: a })
      const u = await begun(repo, { tenantId: a })
      const remoteId = crypto.randomUUID()
      await repo.update(nextVersion(t), 1, { events: [], notifications: [aNotification(t, 'RC', { remoteId })] })
      await repo.update(nextVersion(u), 1, { events: [], notifications: [aNotification(u, 'RC', { remoteId })] })
      expect((await repo.notifications(a, t.id)).map((n) => [n.transmissionId, n.n])).toEqual([[t.id, 1]])
      expect((await repo.notifications(a, u.id)).map((n) => [n.transmissionId, n.n])).toEqual([[u.id, 1]])
    })

    it('lists the transmissions due for a check, most overdue first, and drops one once it is final', async () => {
      const { repo, a, b } = await setup()
      // Far in the past, so no other case's row is more overdue than these.
      const base = new Date('1960-01-01T00:00:00Z').getTime() + Math.floor(Math.random() * 1_000_000) * 1000
      const when = (ms: number) => new Date(base + ms)
      const late = await begun(repo, { tenantId: a, nextCheckAt: when(2000) })
      const later = await begun(repo, { tenantId: b, nextCheckAt: when(3000) })
      const latest = await begun(repo, { tenantId: a, nextCheckAt: when(1000) })
      await begun(repo, { tenantId: a, nextCheckAt: when(10_000) })
      await begun(repo, { tenantId: a, nextCheckAt: null })
      expect((await repo.listDue(when(3000), 10)).map((t) => t.id)).toEqual([latest.id, late.id, later.id])
      expect((await repo.listDue(when(3000), 2)).map((t) => t.id)).toEqual([latest.id, late.id])
      expect(await repo.listDue(when(999), 10)).toEqual([])
      await repo.update(nextVersion(latest, { state: 'NS', nextCheckAt: null }), 1, { events: [], notifications: [] })
      expect((await repo.listDue(when(3000), 10)).map((t) => t.id)).toEqual([late.id, later.id])
    })

    it('lists a tenant’s transmissions newest first, filtered by state and time, in stable pages', async () => {
      const { repo, a } = await setup()
      const specs: Array<[number, SdiState]> = [
        [0, 'inviata'],
        [1000, 'RC'],
        [1000, 'inviata'],
        [1000, 'NS'],
        [1000, 'inviata'],
        [2000, 'inviata'],
        [3000, 'errore'],
      ]
      const all: SdiTransmission[] = []
      for (const [ms, state] of specs) all.push(await begun(repo, { tenantId: a, createdAt: at(ms), updatedAt: at(ms), state }))
      const newestFirst = [...all].sort((x, y) => y.createdAt.getTime() - x.createdAt.getTime() || (x.id < y.id ? 1 : -1))

      const pages: string[][] = []
      let cursor: string | undefined
      do {
        const page = await repo.list(a, { limit: 2, ...(cursor === undefined ? {} : { cursor }) })
        pages.push(page.items.map((t) => t.id))
        cursor = page.nextCursor ?? undefined
      } while (cursor !== undefined && pages.length < 10)
      expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1])
      expect(pages.flat()).toEqual(newestFirst.map((t) => t.id))
      expect(await repo.list(a, { limit: 7 })).toEqual({ items: newestFirst, nextCursor: null })

      const ids = async (f: Omit<Parameters<SdiRepo['list']>[1], 'limit'>) =>
        (await repo.list(a, { limit: 50, ...f })).items.map((t) => t.id)
      const expected = (keep: (t: SdiTransmission) => boolean) => newestFirst.filter(keep).map((t) => t.id)
      expect(await ids({ state: 'inviata' })).toEqual(expected((t) => t.state === 'inviata'))
      expect(await ids({ from: at(1000) })).toEqual(expected((t) => t.createdAt >= at(1000)))
      expect(await ids({ to: at(1000) })).toEqual(expected((t) => t.createdAt < at(1000)))
      expect(await ids({ from: at(1000), to: at(3000), state: 'inviata' })).toEqual(
        expected((t) => t.createdAt >= at(1000) && t.createdAt < at(3000) && t.state === 'inviata'),
      )
      const firstInviata = await repo.list(a, { limit: 1, state: 'inviata' })
      expect(firstInviata.nextCursor).not.toBeNull()
      const restInviata = await repo.list(a, { limit: 50, state: 'inviata', cursor: firstInviata.nextCursor as string })
      expect([...firstInviata.items, ...restInviata.items].map((t) => t.id)).toEqual(expected((t) => t.state === 'inviata'))
      expect(await repo.list(a, { limit: 5, cursor: 'not-a-cursor' })).toEqual({ items: [], nextCursor: null })
    })

    it('counts SDI ids per year, atomically: twenty at once take consecutive numbers, none twice', async () => {
      const { repo } = await setup()
      // A year no other case uses, so the counter starts here.
      const year = 10_000 + Math.floor(Math.random() * 1_000_000)
      expect(await repo.nextSequence(year)).toBe(1)
      expect(await repo.nextSequence(year)).toBe(2)
      expect(await repo.nextSequence(year + 1)).toBe(1)
      const got = await Promise.all(Array.from({ length: 20 }, () => repo.nextSequence(year)))
      expect([...got].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 3))
      expect(await repo.nextSequence(year)).toBe(23)
    })
  })
}
