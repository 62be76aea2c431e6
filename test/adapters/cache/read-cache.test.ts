/**
 * The read cache of keys and tenant rows (adapters/cache): a revocation in this isolate is refused
 * by the next read; another isolate (its own cache over the same repository, no change signal)
 * sees it once its entry is `ttlMs` old, never later; a change signal empties it at once; misses
 * and reads that raced a write are not kept. Injected clock throughout: no timed assertions.
 * @module
 */

import { describe, expect, it } from 'vitest'
import {
  cachedIntermediaryCredentials,
  cachedPlatformRepo,
  cachedServiceRepo,
  cachedTenantRepo,
} from '../../../adapters/cache/cached-repos.ts'
import { readCache } from '../../../adapters/cache/read-cache.ts'
import type { PlatformRepo } from '../../../ports/platform-repo.port.ts'
import { fixedClock } from '../../fakes/clock.fake.ts'
import { inMemoryPlatformRepo } from '../../fakes/in-memory-platform-repo.fake.ts'

const T0 = new Date('2026-11-23T10:00:00.000Z')
const PLATFORM = { id: 'p-1', name: 'Opencity', createdAt: T0, revokedAt: null }
const KEY = { keyId: 'k-1', platformId: 'p-1', hash: 'a'.repeat(64), createdAt: T0, revokedAt: null }

/** A shared store (the database) read by two isolates, each with its own cache. */
async function twoIsolates(ttlMs = 2000) {
  const store = inMemoryPlatformRepo()
  await store.create(PLATFORM, KEY)
  const clock = fixedClock()
  const isolate = () => cachedPlatformRepo(store, readCache({ ttlMs, clock }))
  return { store, clock, a: isolate(), b: isolate() }
}

const revoked = async (repo: PlatformRepo) => (await repo.findCredential('k-1'))?.revokedAt !== null

describe('read cache', () => {
  it('a key revoked in this isolate is refused by its next read, with the clock standing still', async () => {
    const { a } = await twoIsolates()
    expect(await revoked(a)).toBe(false)
    expect(await a.revoke('p-1', T0)).toBe(true)
    expect(await revoked(a)).toBe(true)
  })

  it('another isolate sees the revocation within the bound: still cached just before ttlMs, refused at ttlMs', async () => {
    const { a, b, clock } = await twoIsolates(2000)
    expect(await revoked(b)).toBe(false)
    await a.revoke('p-1', T0)
    clock.advance(1999)
    expect(await revoked(b)).toBe(false) // the stated staleness, never more than the bound
    clock.advance(1)
    expect(await revoked(b)).toBe(true)
  })

  it('ttlMs 0 caches nothing: the other isolate sees the revocation at once', async () => {
    const { a, b } = await twoIsolates(0)
    expect(await revoked(b)).toBe(false)
    await a.revoke('p-1', T0)
    expect(await revoked(b)).toBe(true)
  })

  it('a changed probe token (another connection committed) empties the cache at once; an unchanged one keeps it', async () => {
    const store = inMemoryPlatformRepo()
    await store.create(PLATFORM, KEY)
    let version = 1
    let reads = 0
    const counting: PlatformRepo = {
      ...store,
      findCredential: (id) => {
        reads++
        return store.findCredential(id)
      },
    }
    const cache = readCache({ ttlMs: 60_000, clock: fixedClock(), probe: async () => version })
    const repo = cachedPlatformRepo(counting, cache)
    await cache.refresh()
    await repo.findCredential('k-1')
    await cache.refresh()
    await repo.findCredential('k-1')
    expect(reads).toBe(1)
    await store.revoke('p-1', T0) // written by someone else, behind the cache's back
    version = 2
    await cache.refresh()
    expect(await revoked(repo)).toBe(true)
    expect(reads).toBe(2)
  })

  it('the refreshes of one turn share one probe; a refresh made once that probe started waits for a new one', async () => {
    let version = 1
    let probes = 0
    let release: () => void = () => {}
    let midProbe: Promise<void> | null = null
    const cache = readCache({
      ttlMs: 60_000,
      clock: fixedClock(),
      probe: async () => {
        probes++
        const seen = version // the probe reads data_version when it starts...
        if (probes === 2) {
          // ...and while it is out, another connection commits and a new request refreshes.
          version = 3
          midProbe = cache.refresh()
          await new Promise<void>((r) => {
            release = r
          })
        }
        return seen
      },
    })
    await Promise.all([cache.refresh(), cache.refresh(), cache.refresh()])
    expect(probes).toBe(1)
    let reads = 0
    const read = () => cache.get('t', 'k', async () => ++reads)
    await read()
    const first = cache.refresh()
    version = 2 // committed after one refresh of this turn was asked for, before the other
    const second = cache.refresh()
    expect(second).toBe(first) // not started yet: shared, and it reads version 2 for both
    await new Promise<void>((r) => setImmediate(r))
    expect(probes).toBe(2)
    expect(midProbe).not.toBe(first) // asked for after the probe started: not shared
    release()
    await first
    expect(await read()).toBe(2) // version 2 emptied the cache
    await midProbe
    expect(probes).toBe(3)
    expect(await read()).toBe(3) // version 3, committed before midProbe's call, emptied it again
  })

  it('keeps no misses, and no value read while a write ran', async () => {
    const cache = readCache({ ttlMs: 60_000, clock: fixedClock() })
    expect(await cache.get('t', 'x', async () => null)).toBeNull()
    expect(await cache.get('t', 'x', async () => 'now there')).toBe('now there')
    const raced = await cache.get('t', 'y', async () => {
      cache.invalidate() // a write lands while this read is in flight
      return 'old'
    })
    expect(raced).toBe('old')
    expect(await cache.get('t', 'y', async () => 'new')).toBe('new')
  })

  it('a tenant update in this isolate is seen by the next get; a tenant read no write touched stays cached', async () => {
    const reads: string[] = []
    const tenant = { id: 't-1', updatedAt: T0 } as never
    const inner = {
      get: async (id: string) => {
        reads.push(id)
        return tenant
      },
      update: async () => ({ ok: true, value: undefined }) as const,
    } as never
    const repo = cachedTenantRepo(inner, readCache({ ttlMs: 60_000, clock: fixedClock() }))
    await repo.get('t-1')
    await repo.get('t-1')
    expect(reads).toEqual(['t-1'])
    await repo.update(tenant, T0)
    await repo.get('t-1')
    expect(reads).toEqual(['t-1', 't-1'])
  })

  it('intermediary credentials re-sealed (key rotation) or put in this isolate are seen by the next list', async () => {
    const reads: string[] = []
    const inner = {
      list: async (id: string) => {
        reads.push(id)
        return []
      },
      put: async () => null,
      reseal: async () => true,
    } as never
    const repo = cachedIntermediaryCredentials(inner, readCache({ ttlMs: 60_000, clock: fixedClock() }))
    await repo.list('t-1')
    await repo.list('t-1')
    expect(reads).toEqual(['t-1'])
    expect(await repo.reseal('t-1', 'stripe', 1, { secret_key: 'v1.k2.x' })).toBe(true)
    await repo.list('t-1')
    expect(reads).toEqual(['t-1', 't-1'])
    await repo.put({ tenantId: 't-1', intermediary: 'stripe', sealed: {}, settings: {}, updatedAt: T0 })
    await repo.list('t-1')
    expect(reads).toEqual(['t-1', 't-1', 't-1'])
  })

  it('a service is cached per tenant and id; its update or a creation in this isolate is seen by the next get', async () => {
    const reads: string[] = []
    const service = (tenant: string, active: boolean) => ({ tenant_id: tenant, id: 's-1', active }) as never
    let active = true
    const inner = {
      get: async (tenantId: string, id: string) => {
        reads.push(`${tenantId}/${id}`)
        return service(tenantId, active)
      },
      update: async () => {
        active = false
        return { ok: true, value: undefined } as const
      },
      create: async () => ({ ok: true, value: undefined }) as const,
    } as never
    const repo = cachedServiceRepo(inner, readCache({ ttlMs: 60_000, clock: fixedClock() }))
    const activeOf = async (tenant: string) => ((await repo.get(tenant, 's-1')) as unknown as { active: boolean }).active
    expect(await activeOf('t-1')).toBe(true)
    expect(await activeOf('t-1')).toBe(true)
    // Another tenant's service with the same id is its own entry.
    expect(await activeOf('t-2')).toBe(true)
    expect(reads).toEqual(['t-1/s-1', 't-2/s-1'])
    await repo.update(service('t-1', false), T0)
    expect(await activeOf('t-1')).toBe(false)
    expect(reads).toEqual(['t-1/s-1', 't-2/s-1', 't-1/s-1'])
    await repo.create(service('t-3', true))
    await repo.get('t-2', 's-1')
    expect(reads).toEqual(['t-1/s-1', 't-2/s-1', 't-1/s-1', 't-2/s-1'])
  })
})
