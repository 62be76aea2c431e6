/**
 * In-memory TenantRepo and JobRunRepo. They pass the same storage contract suite as libSQL,
 * so use-case tests can rely on them.
 * @module
 */

import type { DomainError } from '../../core/errors.ts'
import type { JobRun } from '../../core/job.ts'
import { isFinal } from '../../core/payment.ts'
import { err, ok, type Result } from '../../core/result.ts'
import type { Service } from '../../core/service.ts'
import type { Tenant } from '../../core/tenant.ts'
import type { JobRunRepo } from '../../ports/job-run-repo.port.ts'
import type { PaymentRepo } from '../../ports/payment-repo.port.ts'
import type { ServiceRepo } from '../../ports/service-repo.port.ts'
import type { ApiKeyCredential, TenantRepo } from '../../ports/tenant-repo.port.ts'
import { type InMemoryPaymentStore, inMemoryPaymentStore } from './in-memory-payment-store.fake.ts'

export function inMemoryTenantRepo(): TenantRepo & { readonly size: () => number } {
  const tenants = new Map<string, Tenant>()
  const credentials = new Map<string, ApiKeyCredential>()
  return {
    size: () => tenants.size,
    async create(tenant, credential): Promise<Result<void, DomainError>> {
      if (tenants.has(tenant.id) || (credential && credentials.has(credential.keyId))) {
        return err({ code: 'conflict', resource: 'tenant', id: tenant.id, detail: 'a tenant with this id already exists' })
      }
      tenants.set(tenant.id, { ...tenant, platformId: tenant.platformId ?? null })
      if (credential) credentials.set(credential.keyId, credential)
      return ok(undefined)
    },
    async get(id) {
      return tenants.get(id) ?? null
    },
    async listByPlatform(platformId) {
      return [...tenants.values()]
        .filter((t) => t.platformId === platformId)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
    },
    async update(tenant, expected): Promise<Result<void, DomainError>> {
      const cur = tenants.get(tenant.id)
      if (!cur) return err({ code: 'not_found', resource: 'tenant', id: tenant.id })
      if (cur.updatedAt.getTime() !== expected.getTime()) {
        return err({ code: 'conflict', resource: 'tenant', id: tenant.id, detail: 'the tenant was changed concurrently; retry' })
      }
      tenants.set(tenant.id, tenant)
      return ok(undefined)
    },
    async findCredential(keyId) {
      return credentials.get(keyId) ?? null
    },
  }
}

export function inMemoryJobRunRepo(): JobRunRepo {
  const runs = new Map<string, JobRun>()
  return {
    async start(run) {
      runs.set(run.id, { ...run, outcome: 'running', finishedAt: null, counts: {}, error: null })
    },
    async finish(run) {
      if (runs.get(run.id)?.outcome === 'running') runs.set(run.id, run)
    },
    async latestPerJob() {
      const latest = new Map<string, JobRun>()
      for (const r of runs.values()) {
        const cur = latest.get(r.job)
        if (!cur || r.startedAt > cur.startedAt || (r.startedAt.getTime() === cur.startedAt.getTime() && r.id > cur.id))
          latest.set(r.job, r)
      }
      return [...latest.values()].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
    },
    async prune(before) {
      let n = 0
      for (const [id, r] of runs) if (r.startedAt < before && runs.delete(id)) n++
      return n
    },
  }
}

export function inMemoryServiceRepo(): ServiceRepo {
  const rows = new Map<string, Service>()
  const key = (t: string, id: string) => `${t}/${id}`
  const listIn = async (ts: readonly string[], page: { readonly limit: number; readonly offset: number }) => {
    const all = [...rows.values()]
      .filter((s) => ts.includes(s.tenant_id))
      .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id))
    return { items: all.slice(page.offset, page.offset + page.limit), total: all.length }
  }
  return {
    async create(s): Promise<Result<void, DomainError>> {
      if (rows.has(key(s.tenant_id, s.id)))
        return err({ code: 'conflict', resource: 'service', id: s.id, detail: 'a service with this id already exists' })
      rows.set(key(s.tenant_id, s.id), s)
      return ok(undefined)
    },
    async get(t, id) {
      return rows.get(key(t, id)) ?? null
    },
    async list(t, page) {
      return listIn([t], page)
    },
    listIn,
    async withId(id) {
      return [...rows.values()].filter((s) => s.id === id)
    },
    async update(s, expected): Promise<Result<void, DomainError>> {
      const cur = rows.get(key(s.tenant_id, s.id))
      if (!cur) return err({ code: 'not_found', resource: 'service', id: s.id })
      if (cur.updated_at.getTime() !== expected.getTime())
        return err({ code: 'conflict', resource: 'service', id: s.id, detail: 'the service was changed concurrently; retry' })
      rows.set(key(s.tenant_id, s.id), s)
      return ok(undefined)
    },
  }
}

/** A PaymentRepo over `store` (share it with the in-memory OutboxRepo and ImportRepo). */
export function inMemoryPaymentRepo(store: InMemoryPaymentStore = inMemoryPaymentStore()): PaymentRepo {
  const { rows, history, inbound } = store
  return {
    async insert(w) {
      return store.insertAll([w])
    },
    async update(w, expected) {
      const cur = rows.get(w.stored.payment.id)
      if (!cur || cur.payment.tenant_id !== w.stored.payment.tenant_id)
        return err({ code: 'not_found', resource: 'payment', id: w.stored.payment.id })
      if (cur.payment.updated_at.getTime() !== expected.getTime()) {
        return err({
          code: 'conflict',
          resource: 'payment',
          id: w.stored.payment.id,
          detail: 'the payment changed concurrently or the event is already known',
        })
      }
      return store.append(w)
    },
    async get(t, id) {
      const r = rows.get(id)
      return r && r.payment.tenant_id === t ? r : null
    },
    async getForCitizen(id) {
      return rows.get(id) ?? null
    },
    async events(t, id) {
      return rows.get(id)?.payment.tenant_id === t ? [...(history.get(id) ?? [])] : []
    },
    async findByProviderRef(intermediary, ref) {
      return [...rows.values()].find((r) => r.intermediary === intermediary && r.providerRef === ref) ?? null
    },
    async seenInbound(id) {
      return inbound.has(id)
    },
    async dueForCheck(now, limit, kind) {
      return [...rows.values()]
        .filter(
          (r) => !isFinal(r.payment.status) && r.payment.links.update.next_check_at !== null && r.payment.links.update.next_check_at <= now,
        )
        .filter((r) => kind === undefined || (r.payment.status === 'CREATION_PENDING') === (kind === 'creation'))
        .sort((a, b) => (a.payment.links.update.next_check_at?.getTime() ?? 0) - (b.payment.links.update.next_check_at?.getTime() ?? 0))
        .slice(0, limit)
    },
  }
}

/** An in-memory tenant repo holding one active tenant (`Comune`, no pagoPA settings) with an API key, for use-case tests. */
export async function tenantRepoWith(id: string, now: Date) {
  const tenants = inMemoryTenantRepo()
  const tenant = {
    id,
    name: 'Comune',
    taxIdentificationNumber: '00341620508',
    ipaCode: null,
    active: true,
    pagopa: null,
    configuredAt: null,
    createdAt: now,
    updatedAt: now,
  }
  await tenants.create(tenant, { keyId: 'k', tenantId: tenant.id, hash: 'h', createdAt: now, revokedAt: null })
  return { tenants, tenant }
}
