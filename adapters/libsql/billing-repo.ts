/**
 * BillingRepo on libSQL (migration 11). The subscription's status is `tenants.billing_status`,
 * read through a join and changed by a compare-and-set on that column. Every package change is one
 * conditional UPDATE (the WHERE states the transition it allows), so retries and races are settled
 * by the database: the first writer changes the row, later ones change nothing and learn why.
 * `assignInvoiceNumber` bumps the year's counter and stamps the package in one write transaction,
 * both guarded by "paid and not yet numbered", so concurrent callers (any process) never share or
 * skip a number; the counter's CHECK (≤ 9999) aborts the transaction rather than overflow.
 * @module
 */

import { z } from 'zod'
import { type BillingPackage, PACKAGES_TOTAL, subscriptionId } from '../../core/billing/model.ts'
import type { BillingAccount, BillingRepo } from '../../ports/billing-repo.port.ts'
import { PACKAGE_COLUMNS, SUBSCRIPTION_FROM, SUBSCRIPTION_SELECT, toCustomer, toPackage, toSubscription } from './billing-codec.ts'
import type { Db, QueryResult, Stmt } from './client.ts'

const NUMBERS = JSON.stringify(Array.from({ length: PACKAGES_TOTAL }, (_, i) => i + 1))
const PACKAGES_OF = `SELECT ${PACKAGE_COLUMNS} FROM billing_packages WHERE tenant_id = ? ORDER BY number`
const SettingRow = z.object({ key: z.string(), value: z.string(), secret: z.union([z.literal(0), z.literal(1)]) })
/** Paid and not yet numbered: the guard of both statements that assign a number. */
const NUMBERABLE = "status = 'paid' AND fattura_numero IS NULL"

const readSubscription = (tenantId: string): Stmt => ({
  sql: `SELECT ${SUBSCRIPTION_SELECT} FROM ${SUBSCRIPTION_FROM} WHERE s.tenant_id = ?`,
  args: [tenantId],
})

function account(subscription: QueryResult | undefined, packages: QueryResult | undefined): BillingAccount | null {
  const row = subscription?.rows[0]
  return row ? { subscription: toSubscription(row), packages: (packages?.rows ?? []).map(toPackage), customer: toCustomer(row) } : null
}

export function libsqlBillingRepo(db: Db): BillingRepo {
  const changed = async (sql: string, args: (string | number | null)[]) => (await db.execute({ sql, args })).rowsAffected === 1
  const exists = async (tenantId: string, n: number) =>
    (await db.first({ sql: 'SELECT 1 AS one FROM billing_packages WHERE tenant_id = ? AND number = ?', args: [tenantId, n] })) !== null

  return {
    async ensure(tenantId, init) {
      const at = init.startedAt.getTime()
      const rs = await db.batch(
        [
          // Before the insert: only the call that creates the account starts the trial.
          {
            sql: `UPDATE tenants SET billing_status = 'trial'
                  WHERE id = ? AND NOT EXISTS (SELECT 1 FROM billing_subscriptions WHERE tenant_id = ?)`,
            args: [tenantId, tenantId],
          },
          {
            sql: `INSERT INTO billing_subscriptions (tenant_id, id, started_at, trial_ends_at, updated_at)
                  SELECT id, ?, ?, ?, ? FROM tenants WHERE id = ? ON CONFLICT (tenant_id) DO NOTHING`,
            args: [subscriptionId(tenantId), at, init.trialEndsAt.getTime(), at, tenantId],
          },
          {
            sql: `INSERT INTO billing_packages (tenant_id, number, status, price_cents, invoice_state, version, updated_at)
                  SELECT s.tenant_id, n.value, 'due', ?, 'none', 1, ? FROM billing_subscriptions s, json_each(?) n
                  WHERE s.tenant_id = ? ON CONFLICT (tenant_id, number) DO NOTHING`,
            args: [init.priceCents, at, NUMBERS, tenantId],
          },
          readSubscription(tenantId),
          { sql: PACKAGES_OF, args: [tenantId] },
        ],
        'write',
      )
      return account(rs[3], rs[4])
    },

    async setCustomer(tenantId, customer, at) {
      return changed('UPDATE billing_subscriptions SET customer_json = ?, updated_at = ? WHERE tenant_id = ?', [
        JSON.stringify(customer),
        at.getTime(),
        tenantId,
      ])
    },

    async get(tenantId) {
      const rs = await db.batch([readSubscription(tenantId), { sql: PACKAGES_OF, args: [tenantId] }], 'read')
      return account(rs[0], rs[1])
    },

    async list(afterTenantId, limit) {
      const after = afterTenantId ?? ''
      const page = Math.max(0, Math.floor(limit))
      const rs = await db.batch(
        [
          {
            sql: `SELECT ${SUBSCRIPTION_SELECT} FROM ${SUBSCRIPTION_FROM} WHERE s.tenant_id > ? ORDER BY s.tenant_id LIMIT ?`,
            args: [after, page],
          },
          {
            sql: `SELECT ${PACKAGE_COLUMNS} FROM billing_packages WHERE tenant_id IN
                    (SELECT tenant_id FROM billing_subscriptions WHERE tenant_id > ? ORDER BY tenant_id LIMIT ?)
                  ORDER BY tenant_id, number`,
            args: [after, page],
          },
        ],
        'read',
      )
      const byTenant = new Map<string, BillingPackage[]>()
      for (const p of (rs[1]?.rows ?? []).map(toPackage)) byTenant.set(p.tenantId, [...(byTenant.get(p.tenantId) ?? []), p])
      return (rs[0]?.rows ?? []).map((row) => {
        const subscription = toSubscription(row)
        return { subscription, packages: byTenant.get(subscription.tenantId) ?? [], customer: toCustomer(row) }
      })
    },

    async setStatus(tenantId, from, to, at) {
      // Both statements test the same condition inside one transaction: both apply or neither.
      const rs = await db.batch(
        [
          {
            sql: `UPDATE billing_subscriptions SET updated_at = ?
                  WHERE tenant_id = ? AND EXISTS (SELECT 1 FROM tenants WHERE id = ? AND billing_status = ?)`,
            args: [at.getTime(), tenantId, tenantId, from],
          },
          {
            sql: `UPDATE tenants SET billing_status = ?
                  WHERE id = ? AND billing_status = ? AND EXISTS (SELECT 1 FROM billing_subscriptions WHERE tenant_id = ?)`,
            args: [to, tenantId, from, tenantId],
          },
        ],
        'write',
      )
      return rs[1]?.rowsAffected === 1
    },

    setCheckout: (tenantId, n, sessionId, at) =>
      changed(
        `UPDATE billing_packages SET checkout_session_id = ?, version = version + 1, updated_at = ?
         WHERE tenant_id = ? AND number = ? AND status <> 'paid'`,
        [sessionId, at.getTime(), tenantId, n],
      ),

    async findBySession(sessionId) {
      const row = await db.first({
        sql: `SELECT ${PACKAGE_COLUMNS} FROM billing_packages WHERE checkout_session_id = ? ORDER BY updated_at DESC LIMIT 1`,
        args: [sessionId],
      })
      return row ? toPackage(row) : null
    },

    markProcessing: (tenantId, n, sessionId, at) =>
      changed(
        `UPDATE billing_packages SET status = 'processing', checkout_session_id = ?, version = version + 1, updated_at = ?
         WHERE tenant_id = ? AND number = ? AND status = 'due'`,
        [sessionId, at.getTime(), tenantId, n],
      ),

    markFailed: (tenantId, n, sessionId, at) =>
      changed(
        `UPDATE billing_packages SET status = 'due', version = version + 1, updated_at = ?
         WHERE tenant_id = ? AND number = ? AND status = 'processing' AND checkout_session_id = ?`,
        [at.getTime(), tenantId, n, sessionId],
      ),

    async markPaid(tenantId, n, paid) {
      const did = await changed(
        `UPDATE billing_packages SET status = 'paid', paid_at = ?, paid_via = ?, payment_ref = ?,
           checkout_session_id = COALESCE(?, checkout_session_id), version = version + 1, updated_at = ?
         WHERE tenant_id = ? AND number = ? AND status IN ('due', 'processing')`,
        [paid.at.getTime(), paid.via, paid.ref, paid.sessionId, paid.at.getTime(), tenantId, n],
      )
      if (did) return 'paid'
      // Not changed: the package is paid already (paid never reverts), or there is none.
      return (await exists(tenantId, n)) ? 'already' : 'missing'
    },

    async assignInvoiceNumber(tenantId, n, year) {
      const stmts: Stmt[] = [
        { sql: 'INSERT INTO billing_invoice_counters (year, last) VALUES (?, 0) ON CONFLICT (year) DO NOTHING', args: [year] },
        {
          sql: `UPDATE billing_invoice_counters SET last = last + 1
                WHERE year = ? AND EXISTS (SELECT 1 FROM billing_packages WHERE tenant_id = ? AND number = ? AND ${NUMBERABLE})`,
          args: [year, tenantId, n],
        },
        {
          sql: `UPDATE billing_packages SET version = version + 1,
                  fattura_numero = printf('FT-%d-%04d-%02d', ?, (SELECT last FROM billing_invoice_counters WHERE year = ?), number)
                WHERE tenant_id = ? AND number = ? AND ${NUMBERABLE}`,
          args: [year, year, tenantId, n],
        },
        { sql: 'SELECT fattura_numero FROM billing_packages WHERE tenant_id = ? AND number = ?', args: [tenantId, n] },
      ]
      let rs: QueryResult[]
      try {
        rs = await db.batch(stmts, 'write')
      } catch (e) {
        const row = await db.first({ sql: 'SELECT last FROM billing_invoice_counters WHERE year = ?', args: [year] })
        if (row !== null && Number(row['last']) >= 9999)
          throw new RangeError(`invoice numbers of ${year} exhausted (9999 issued)`, { cause: e })
        throw e
      }
      const numero = rs[3]?.rows[0]?.['fattura_numero']
      return typeof numero === 'string' ? numero : null
    },

    storeInvoice: (tenantId, n, invoice) =>
      changed(
        `UPDATE billing_packages SET invoice_state = 'issued', fattura_xml = ?, fattura_hash = ?, fattura_file_name = ?,
           fattura_at = ?, invoice_error = NULL, version = version + 1, updated_at = ?
         WHERE tenant_id = ? AND number = ? AND fattura_numero IS NOT NULL AND invoice_state <> 'issued'`,
        [invoice.xml, invoice.hash, invoice.fileName, invoice.at.getTime(), invoice.at.getTime(), tenantId, n],
      ),

    async invoiceFailed(tenantId, n, error, at) {
      await db.execute({
        sql: `UPDATE billing_packages SET invoice_state = 'failed', invoice_error = ?, version = version + 1, updated_at = ?
              WHERE tenant_id = ? AND number = ? AND invoice_state <> 'issued'`,
        args: [error, at.getTime(), tenantId, n],
      })
    },

    async setSdi(tenantId, n, sdiId, at) {
      if (
        await changed(
          `UPDATE billing_packages SET sdi_id = ?, version = version + 1, updated_at = ?
           WHERE tenant_id = ? AND number = ? AND invoice_state = 'issued' AND sdi_id IS NULL`,
          [sdiId, at.getTime(), tenantId, n],
        )
      )
        return true
      // A retry linking the same transmission is not a conflict.
      const row = await db.first({ sql: 'SELECT sdi_id FROM billing_packages WHERE tenant_id = ? AND number = ?', args: [tenantId, n] })
      return row !== null && row['sdi_id'] === sdiId
    },

    async listUnfinished(limit, { unsent }) {
      const rs = await db.execute({
        sql: `SELECT ${PACKAGE_COLUMNS} FROM billing_packages
              WHERE status = 'paid' AND (invoice_state <> 'issued'${unsent ? ' OR sdi_id IS NULL' : ''})
              ORDER BY paid_at, tenant_id, number LIMIT ?`,
        args: [Math.max(0, Math.floor(limit))],
      })
      return rs.rows.map(toPackage)
    },

    async listOpenCheckouts(updatedSince, limit) {
      const rs = await db.execute({
        sql: `SELECT ${PACKAGE_COLUMNS} FROM billing_packages
              WHERE checkout_session_id IS NOT NULL AND (status = 'processing' OR (status = 'due' AND updated_at >= ?))
              ORDER BY updated_at, tenant_id, number LIMIT ?`,
        args: [updatedSince.getTime(), Math.max(0, Math.floor(limit))],
      })
      return rs.rows.map(toPackage)
    },

    async settings() {
      const rs = await db.execute('SELECT key, value, secret FROM billing_settings ORDER BY key')
      return new Map(rs.rows.map((row) => SettingRow.parse(row)).map((r) => [r.key, { value: r.value, secret: r.secret === 1 }]))
    },

    async putSettings(changes) {
      const stmts = [...changes].map(
        ([key, s]): Stmt =>
          s === null
            ? { sql: 'DELETE FROM billing_settings WHERE key = ?', args: [key] }
            : {
                sql: `INSERT INTO billing_settings (key, value, secret) VALUES (?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value, secret = excluded.secret`,
                args: [key, s.value, s.secret ? 1 : 0],
              },
      )
      if (stmts.length > 0) await db.batch(stmts, 'write')
    },

    async resealSetting(key, expected, next) {
      const rs = await db.execute({
        sql: 'UPDATE billing_settings SET value = ? WHERE key = ? AND value = ? AND secret = 1',
        args: [next, key, expected],
      })
      return rs.rowsAffected === 1
    },
  }
}
