/**
 * PaymentsV2Repo on libSQL. Idempotency and the one-open-mandate rule are unique indexes (migration
 * 6), so concurrent requests cannot both win; status moves are `UPDATE … WHERE status = ?`.
 * @module
 */

import { z } from 'zod'
import { cents } from '../../core/money.ts'
import { V2_METHODS, V2_PROVIDERS, type V2Mandate, type V2Payment } from '../../core/payments-v2/model.ts'
import type { PaymentsV2Repo } from '../../ports/payments-v2-repo.port.ts'
import type { Db } from './client.ts'
import { ms } from './columns.ts'
import { isUniqueViolation } from './errors.ts'

const nullableMs = ms.nullable().transform((v) => (v === null ? null : new Date(v)))

const PaymentRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  provider: z.enum(V2_PROVIDERS),
  kind: z.enum(['link', 'charge']),
  mandate_id: z.string().nullable(),
  reference: z.string(),
  amount: ms,
  currency: z.literal('EUR'),
  description: z.string(),
  method: z.enum(V2_METHODS),
  return_url: z.string().nullable(),
  status: z.enum(['creating', 'unknown', 'pending', 'paid', 'expired', 'canceled']),
  provider_ref: z.string().nullable(),
  payment_url: z.string().nullable(),
  paid_at: nullableMs,
  created_at: ms,
  updated_at: ms,
})

const PAYMENT_COLUMNS =
  'id, tenant_id, provider, kind, mandate_id, reference, amount, currency, description, method, return_url, status, provider_ref, payment_url, paid_at, created_at, updated_at'

function toPayment(row: unknown): V2Payment {
  const r = PaymentRow.parse(row)
  return {
    id: r.id,
    tenantId: r.tenant_id,
    provider: r.provider,
    kind: r.kind,
    mandateId: r.mandate_id,
    reference: r.reference,
    amount: cents(r.amount),
    currency: r.currency,
    description: r.description,
    method: r.method,
    returnUrl: r.return_url,
    status: r.status,
    providerRef: r.provider_ref,
    paymentUrl: r.payment_url,
    paidAt: r.paid_at,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  }
}

const MandateRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  provider: z.enum(V2_PROVIDERS),
  customer_name: z.string(),
  customer_email: z.string(),
  description: z.string(),
  iban_masked: z.string(),
  iban_sealed: z.string(),
  status: z.enum(['creating', 'unknown', 'pending_mandate_signature', 'active', 'inactive']),
  provider_ref: z.string().nullable(),
  mandate_url: z.string().nullable(),
  created_at: ms,
  updated_at: ms,
})

const MANDATE_COLUMNS =
  'id, tenant_id, provider, customer_name, customer_email, description, iban_masked, iban_sealed, status, provider_ref, mandate_url, created_at, updated_at'

function toMandate(row: unknown): V2Mandate {
  const r = MandateRow.parse(row)
  return {
    id: r.id,
    tenantId: r.tenant_id,
    provider: r.provider,
    customerName: r.customer_name,
    customerEmail: r.customer_email,
    description: r.description,
    ibanMasked: r.iban_masked,
    ibanSealed: r.iban_sealed,
    status: r.status,
    providerRef: r.provider_ref,
    mandateUrl: r.mandate_url,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  }
}

export function libsqlPaymentsV2Repo(db: Db): PaymentsV2Repo {
  const getPayment = async (tenantId: string, id: string) => {
    const row = await db.first({ sql: `SELECT ${PAYMENT_COLUMNS} FROM v2_payments WHERE tenant_id = ? AND id = ?`, args: [tenantId, id] })
    return row ? toPayment(row) : null
  }
  const getMandate = async (tenantId: string, id: string) => {
    const row = await db.first({ sql: `SELECT ${MANDATE_COLUMNS} FROM v2_mandates WHERE tenant_id = ? AND id = ?`, args: [tenantId, id] })
    return row ? toMandate(row) : null
  }
  return {
    async insertPayment(p) {
      try {
        await db.execute({
          sql: `INSERT INTO v2_payments (${PAYMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            p.id,
            p.tenantId,
            p.provider,
            p.kind,
            p.mandateId,
            p.reference,
            p.amount,
            p.currency,
            p.description,
            p.method,
            p.returnUrl,
            p.status,
            p.providerRef,
            p.paymentUrl,
            p.paidAt?.getTime() ?? null,
            p.createdAt.getTime(),
            p.updatedAt.getTime(),
          ],
        })
        return { inserted: true }
      } catch (e) {
        if (!isUniqueViolation(e)) throw e
        const row = await db.first({
          sql: `SELECT ${PAYMENT_COLUMNS} FROM v2_payments WHERE tenant_id = ? AND reference = ?`,
          args: [p.tenantId, p.reference],
        })
        return { inserted: false, existing: row ? toPayment(row) : null }
      }
    },
    getPayment,
    async findPaymentByProviderRef(tenantId, provider, providerRef) {
      const row = await db.first({
        sql: `SELECT ${PAYMENT_COLUMNS} FROM v2_payments WHERE tenant_id = ? AND provider = ? AND provider_ref = ?`,
        args: [tenantId, provider, providerRef],
      })
      return row ? toPayment(row) : null
    },
    async updatePayment(next, expected) {
      const rs = await db.execute({
        sql: `UPDATE v2_payments SET status = ?, provider_ref = ?, payment_url = ?, paid_at = ?, updated_at = ?
              WHERE tenant_id = ? AND id = ? AND status = ?`,
        args: [
          next.status,
          next.providerRef,
          next.paymentUrl,
          next.paidAt?.getTime() ?? null,
          next.updatedAt.getTime(),
          next.tenantId,
          next.id,
          expected,
        ],
      })
      return rs.rowsAffected === 1
    },

    async listOpenPayments(createdAfter, limit) {
      const rs = await db.execute({
        sql: `SELECT ${PAYMENT_COLUMNS} FROM v2_payments WHERE status IN ('unknown', 'pending') AND created_at > ?
              ORDER BY updated_at, id LIMIT ?`,
        args: [createdAfter.getTime(), limit],
      })
      return rs.rows.map(toPayment)
    },

    async listOpenMandates(createdAfter, limit) {
      const rs = await db.execute({
        sql: `SELECT ${MANDATE_COLUMNS} FROM v2_mandates
              WHERE status IN ('unknown', 'pending_mandate_signature') AND provider_ref IS NOT NULL AND created_at > ?
              ORDER BY updated_at, id LIMIT ?`,
        args: [createdAfter.getTime(), limit],
      })
      return rs.rows.map(toMandate)
    },

    async insertMandate(m) {
      try {
        await db.execute({
          sql: `INSERT INTO v2_mandates (${MANDATE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            m.id,
            m.tenantId,
            m.provider,
            m.customerName,
            m.customerEmail,
            m.description,
            m.ibanMasked,
            m.ibanSealed,
            m.status,
            m.providerRef,
            m.mandateUrl,
            m.createdAt.getTime(),
            m.updatedAt.getTime(),
          ],
        })
        return { inserted: true }
      } catch (e) {
        if (!isUniqueViolation(e)) throw e
        const row = await db.first({
          sql: `SELECT ${MANDATE_COLUMNS} FROM v2_mandates WHERE tenant_id = ? AND customer_email = ?
                AND status IN ('creating', 'unknown', 'pending_mandate_signature', 'active')`,
          args: [m.tenantId, m.customerEmail],
        })
        return { inserted: false, existing: row ? toMandate(row) : null }
      }
    },
    getMandate,
    async findMandateByProviderRef(tenantId, provider, providerRef) {
      const row = await db.first({
        sql: `SELECT ${MANDATE_COLUMNS} FROM v2_mandates WHERE tenant_id = ? AND provider = ? AND provider_ref = ?`,
        args: [tenantId, provider, providerRef],
      })
      return row ? toMandate(row) : null
    },
    async updateMandate(next, expected) {
      const rs = await db.execute({
        sql: `UPDATE v2_mandates SET status = ?, provider_ref = ?, mandate_url = ?, updated_at = ?
              WHERE tenant_id = ? AND id = ? AND status = ?`,
        args: [next.status, next.providerRef, next.mandateUrl, next.updatedAt.getTime(), next.tenantId, next.id, expected],
      })
      return rs.rowsAffected === 1
    },
    async sealedIbans() {
      const rs = await db.execute('SELECT tenant_id, id, iban_sealed FROM v2_mandates ORDER BY tenant_id, id')
      return rs.rows.map((r) => ({ tenantId: String(r['tenant_id']), mandateId: String(r['id']), sealed: String(r['iban_sealed']) }))
    },
    async resealIban(tenantId, mandateId, expected, next) {
      const rs = await db.execute({
        sql: 'UPDATE v2_mandates SET iban_sealed = ? WHERE tenant_id = ? AND id = ? AND iban_sealed = ?',
        args: [next, tenantId, mandateId, expected],
      })
      return rs.rowsAffected === 1
    },
  }
}
