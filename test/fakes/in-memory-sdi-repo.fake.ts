/**
 * An in-memory SdiRepo for core tests, passing the same contract suite as libSQL
 * (test/contract/sdi-storage.contract.ts). Events are kept in `events` for inspection.
 * @module
 */

import type { SdiNotificationRecord, SdiTransmission } from '../../core/sdi/model.ts'
import type { SdiEvent, SdiRepo } from '../../ports/sdi-repo.port.ts'

export function inMemorySdiRepo(): SdiRepo & { readonly events: SdiEvent[] } {
  const rows = new Map<string, SdiTransmission>()
  const notes = new Map<string, SdiNotificationRecord[]>()
  const seqs = new Map<number, number>()
  const events: SdiEvent[] = []
  const sorted = () => [...rows.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
  return {
    events,
    async begin(t, event) {
      const existing = [...rows.values()].find(
        (r) => r.tenantId === t.tenantId && r.fatturaNumero === t.fatturaNumero && r.attempt === t.attempt,
      )
      if (existing) return { created: false, transmission: existing }
      rows.set(t.id, t)
      notes.set(t.id, [])
      events.push(event)
      return { created: true, transmission: t }
    },
    async get(tenantId, id) {
      const r = rows.get(id)
      return r && r.tenantId === tenantId ? r : null
    },
    async latestByNumero(tenantId, numero) {
      const mine = [...rows.values()].filter((r) => r.tenantId === tenantId && r.fatturaNumero === numero)
      return mine.sort((a, b) => b.attempt - a.attempt)[0] ?? null
    },
    async findByRemoteId(transmitter, remoteId) {
      return [...rows.values()].find((r) => r.transmitter === transmitter && r.remoteId === remoteId) ?? null
    },
    async list(tenantId, filter) {
      const all = sorted().filter(
        (r) =>
          r.tenantId === tenantId &&
          (filter.state === undefined || r.state === filter.state) &&
          (filter.from === undefined || r.createdAt >= filter.from) &&
          (filter.to === undefined || r.createdAt < filter.to),
      )
      const start = filter.cursor ? Number(filter.cursor) : 0
      const items = all.slice(start, start + filter.limit)
      return { items, nextCursor: start + filter.limit < all.length ? String(start + filter.limit) : null }
    },
    async update(next, expectedVersion, change) {
      const cur = rows.get(next.id)
      if (!cur || cur.version !== expectedVersion) return false
      rows.set(next.id, { ...next, version: expectedVersion + 1 })
      const list = notes.get(next.id) ?? []
      for (const n of change.notifications) {
        if (list.some((x) => x.remoteId === n.remoteId)) continue
        list.push({ ...n, n: list.length + 1 })
      }
      notes.set(next.id, list)
      events.push(...change.events)
      return true
    },
    async notifications(tenantId, id) {
      const r = rows.get(id)
      return r && r.tenantId === tenantId ? [...(notes.get(id) ?? [])] : []
    },
    async listDue(now, limit) {
      return [...rows.values()]
        .filter((r) => r.nextCheckAt !== null && r.nextCheckAt <= now)
        .sort((a, b) => (a.nextCheckAt as Date).getTime() - (b.nextCheckAt as Date).getTime())
        .slice(0, limit)
    },
    async nextSequence(year) {
      const n = (seqs.get(year) ?? 0) + 1
      seqs.set(year, n)
      return n
    },
  }
}
