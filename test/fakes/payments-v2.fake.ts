/**
 * In-memory payments v2 storage (provider configs, links/charges, mandates, tenant
 * billing) passing the same contract as libSQL, a scriptable MandateProvider, and a test SecretBox.
 * @module
 */

import { createSecretBox } from '../../adapters/crypto/secret-box.ts'
import {
  type BillingStatus,
  OPEN_MANDATE_STATUSES,
  type ProviderConfig,
  type V2Mandate,
  type V2Payment,
} from '../../core/payments-v2/model.ts'
import type { MandateProvider, MandateStatus } from '../../ports/mandate-provider.port.ts'
import type { Outcome, ProviderPaymentStatus } from '../../ports/payment-provider.port.ts'
import type { PaymentsV2Repo } from '../../ports/payments-v2-repo.port.ts'
import type { ProviderConfigRepo } from '../../ports/provider-config-repo.port.ts'
import type { SecretBox } from '../../ports/secret-box.port.ts'
import type { TenantBillingRepo } from '../../ports/tenant-billing.port.ts'

/** A base64 AES-256 key of 32 equal bytes, for tests. */
export const testKey = (byte: number): string => btoa(String.fromCharCode(...new Uint8Array(32).fill(byte)))

/** `kid:base64` ring spec with keys k1 (0x11) and k2 (0x22). */
export const TEST_KEY_RING = `k1:${testKey(0x11)},k2:${testKey(0x22)}`

export function testSecretBox(current: 'k1' | 'k2' = 'k1'): Promise<SecretBox> {
  return createSecretBox(
    new Map([
      ['k1', Uint8Array.from(atob(testKey(0x11)), (c) => c.charCodeAt(0))],
      ['k2', Uint8Array.from(atob(testKey(0x22)), (c) => c.charCodeAt(0))],
    ]),
    current,
  )
}

export function inMemoryProviderConfigRepo(): ProviderConfigRepo {
  const rows = new Map<string, ProviderConfig>()
  return {
    async get(tenantId) {
      return rows.get(tenantId) ?? null
    },
    async put(c) {
      const saved = { ...c, version: (rows.get(c.tenantId)?.version ?? 0) + 1 }
      rows.set(c.tenantId, saved)
      return saved
    },
    async list() {
      return [...rows.values()].sort((a, b) => a.tenantId.localeCompare(b.tenantId))
    },
    async reseal(tenantId, expected, next) {
      const cur = rows.get(tenantId)
      if (!cur || cur.apiKeySealed !== expected.apiKeySealed || cur.webhookSecretSealed !== expected.webhookSecretSealed) return false
      rows.set(tenantId, { ...cur, ...next })
      return true
    },
  }
}

export function inMemoryPaymentsV2Repo(): PaymentsV2Repo {
  const payments = new Map<string, V2Payment>()
  const mandates = new Map<string, V2Mandate>()
  const isOpen = (m: V2Mandate) => OPEN_MANDATE_STATUSES.includes(m.status)
  return {
    async insertPayment(p) {
      const existing = [...payments.values()].find((x) => x.tenantId === p.tenantId && x.reference === p.reference)
      if (existing || payments.has(p.id)) return { inserted: false, existing: existing ?? null }
      payments.set(p.id, p)
      return { inserted: true }
    },
    async getPayment(tenantId, id) {
      const p = payments.get(id)
      return p && p.tenantId === tenantId ? p : null
    },
    async findMandateByProviderRef(tenantId, provider, ref) {
      return [...mandates.values()].find((m) => m.tenantId === tenantId && m.provider === provider && m.providerRef === ref) ?? null
    },
    async findPaymentByProviderRef(tenantId, provider, ref) {
      return [...payments.values()].find((p) => p.tenantId === tenantId && p.provider === provider && p.providerRef === ref) ?? null
    },
    async updatePayment(next, expected) {
      const cur = payments.get(next.id)
      if (!cur || cur.tenantId !== next.tenantId || cur.status !== expected) return false
      payments.set(next.id, {
        ...cur,
        status: next.status,
        providerRef: next.providerRef,
        paymentUrl: next.paymentUrl,
        paidAt: next.paidAt,
        updatedAt: next.updatedAt,
      })
      return true
    },
    async listOpenPayments(createdAfter, limit) {
      return [...payments.values()]
        .filter((p) => (p.status === 'unknown' || p.status === 'pending') && p.createdAt > createdAfter)
        .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.id.localeCompare(b.id))
        .slice(0, limit)
    },
    async listOpenMandates(createdAfter, limit) {
      return [...mandates.values()]
        .filter(
          (m) =>
            (m.status === 'unknown' || m.status === 'pending_mandate_signature') && m.providerRef !== null && m.createdAt > createdAfter,
        )
        .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.id.localeCompare(b.id))
        .slice(0, limit)
    },
    async insertMandate(m) {
      const existing = [...mandates.values()].find((x) => x.tenantId === m.tenantId && x.customerEmail === m.customerEmail && isOpen(x))
      if (existing || mandates.has(m.id)) return { inserted: false, existing: existing ?? null }
      mandates.set(m.id, m)
      return { inserted: true }
    },
    async getMandate(tenantId, id) {
      const m = mandates.get(id)
      return m && m.tenantId === tenantId ? m : null
    },
    async updateMandate(next, expected) {
      const cur = mandates.get(next.id)
      if (!cur || cur.tenantId !== next.tenantId || cur.status !== expected) return false
      if (
        isOpen(next) &&
        [...mandates.values()].some(
          (x) => x.id !== next.id && x.tenantId === next.tenantId && x.customerEmail === next.customerEmail && isOpen(x),
        )
      )
        throw new Error('UNIQUE constraint failed: v2_mandates one open per customer')
      mandates.set(next.id, {
        ...cur,
        status: next.status,
        providerRef: next.providerRef,
        mandateUrl: next.mandateUrl,
        updatedAt: next.updatedAt,
      })
      return true
    },
    async sealedIbans() {
      return [...mandates.values()]
        .sort((a, b) => a.tenantId.localeCompare(b.tenantId) || a.id.localeCompare(b.id))
        .map((m) => ({ tenantId: m.tenantId, mandateId: m.id, sealed: m.ibanSealed }))
    },
    async resealIban(tenantId, mandateId, expected, next) {
      const m = mandates.get(mandateId)
      if (!m || m.tenantId !== tenantId || m.ibanSealed !== expected) return false
      mandates.set(mandateId, { ...m, ibanSealed: next })
      return true
    },
  }
}

export function inMemoryTenantBillingRepo(known: (tenantId: string) => boolean = () => true): TenantBillingRepo {
  const rows = new Map<string, BillingStatus>()
  return {
    async get(tenantId) {
      return known(tenantId) ? (rows.get(tenantId) ?? 'active') : null
    },
    async set(tenantId, status) {
      if (!known(tenantId)) return false
      rows.set(tenantId, status)
      return true
    },
  }
}

/** A MandateProvider whose mandates and charges are driven by the test through `state`. */
export type FakeMandateState = {
  mandateStatus: MandateStatus
  chargeStatus: ProviderPaymentStatus
  /** The next createMandate / charge answers this failure instead of succeeding. */
  failNext: Exclude<Outcome<never>, { kind: 'ok' }> | null
  created: Array<{ mandateId: string; iban: string }>
  charges: Array<{ chargeId: string; amount: number }>
}

export function fakeMandateProvider(name = 'fakemandates'): { provider: MandateProvider; state: FakeMandateState } {
  const state: FakeMandateState = {
    mandateStatus: 'pending_mandate_signature',
    chargeStatus: 'pending',
    failNext: null,
    created: [],
    charges: [],
  }
  const fail = () => {
    const f = state.failNext
    state.failNext = null
    return f
  }
  const provider: MandateProvider = {
    name,
    async createMandate(req) {
      const f = fail()
      if (f) return f
      if (!state.created.some((c) => c.mandateId === req.mandateId)) state.created.push({ mandateId: req.mandateId, iban: req.iban })
      return {
        kind: 'ok',
        value: {
          providerRef: `seti_${req.mandateId}`,
          signUrl: `https://mandates.test/sign/${req.mandateId}`,
          status: 'pending_mandate_signature',
        },
      }
    },
    async readMandate() {
      return { kind: 'ok', value: { status: state.mandateStatus, rawStatus: state.mandateStatus } }
    },
    async charge(req) {
      const f = fail()
      if (f) return f
      if (!state.charges.some((c) => c.chargeId === req.chargeId)) state.charges.push({ chargeId: req.chargeId, amount: req.amount })
      return { kind: 'ok', value: { providerRef: `pi_${req.chargeId}`, status: 'pending', rawStatus: 'processing' } }
    },
    async readCharge(ref) {
      return { kind: 'ok', value: { providerRef: ref, status: state.chargeStatus, rawStatus: state.chargeStatus } }
    },
  }
  return { provider, state }
}
