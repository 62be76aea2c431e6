/**
 * RtdRepo on libSQL (migration 12). Every transition is one conditional statement, or one write
 * batch whose statements all test the same condition, so retries and concurrent workers of any
 * process are settled by the database. `claim` is a single UPDATE … WHERE id IN (oldest claimable)
 * … RETURNING: SQLite runs it under the write lock, so two claims never take the same submission.
 * `recordUpload` and `applyReport` move files forward only, and move their submission on (`sent`,
 * `done`) in the same transaction when the last file gets there. Rows are read by ./rtd-codec.ts;
 * errors files and settings are ./rtd-acks-settings.ts.
 * @module
 */

import { RTD_FILE_STATUS_ORDER } from '../../core/rtd/submission.ts'
import type { RtdRepo } from '../../ports/rtd-repo.port.ts'
import type { Db, SqlValue, Stmt } from './client.ts'
import { rtdAcksAndSettings } from './rtd-acks-settings.ts'
import {
  encodeRejection,
  encodeSummary,
  FILE_COLUMNS,
  SUBMISSION_COLUMN_LIST,
  SUBMISSION_COLUMNS,
  submissionRow,
  toFile,
  toState,
  toSubmission,
} from './rtd-codec.ts'
import { decodeRtdCursor, encodeRtdCursor } from './rtd-cursor.ts'

const CLAIMABLE = "state IN ('received', 'ready') AND (lease_until IS NULL OR lease_until <= ?)"
const UPLOADED = "upload IN ('uploaded', 'already_there')"
/** A file status's place in RTD_FILE_STATUS_ORDER, as SQL over the `status` column (-1 when not reported). */
const STATUS_RANK = `CASE status ${RTD_FILE_STATUS_ORDER.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} ELSE -1 END`
const BY_CREATION = (a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

export function libsqlRtdRepo(db: Db): RtdRepo {
  const run = (sql: string, args: readonly SqlValue[]) => db.execute({ sql, args })

  return {
    async create(s) {
      if (s.state !== 'received') throw new Error(`RTD submission ${s.id}: created in state ${s.state}, not received`)
      const rs = await run(
        `INSERT INTO rtd_submissions (${SUBMISSION_COLUMNS}) VALUES (${SUBMISSION_COLUMN_LIST.map(() => '?').join(', ')})
         ON CONFLICT (tenant_id, input_name) DO NOTHING`,
        submissionRow(s),
      )
      return rs.rowsAffected === 1 ? 'created' : 'duplicate'
    },

    async get(tenantId, id) {
      const row = await db.first({
        sql: `SELECT ${SUBMISSION_COLUMNS} FROM rtd_submissions WHERE tenant_id = ? AND id = ?`,
        args: [tenantId, id],
      })
      return row ? toSubmission(row) : null
    },

    async files(tenantId, id) {
      const rs = await run(`SELECT ${FILE_COLUMNS} FROM rtd_files WHERE tenant_id = ? AND submission_id = ? ORDER BY number`, [
        tenantId,
        id,
      ])
      return rs.rows.map(toFile)
    },

    async list(tenantId, filter) {
      const where = ['tenant_id = ?']
      const args: SqlValue[] = [tenantId]
      if (filter.state !== undefined) {
        where.push('state = ?')
        args.push(filter.state)
      }
      if (filter.cursor !== undefined) {
        const after = decodeRtdCursor(filter.cursor)
        if (after === null) return { items: [], nextCursor: null }
        where.push('(created_at < ? OR (created_at = ? AND id < ?))')
        args.push(after.createdAt, after.createdAt, after.id)
      }
      const limit = Math.max(0, Math.floor(filter.limit))
      const rs = await run(
        `SELECT ${SUBMISSION_COLUMNS} FROM rtd_submissions WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`,
        [...args, limit + 1],
      )
      const items = rs.rows.slice(0, limit).map(toSubmission)
      const last = items.at(-1)
      return { items, nextCursor: rs.rows.length > limit && last ? encodeRtdCursor(last.createdAt, last.id) : null }
    },

    async claim(now, leaseMs, limit) {
      const t = now.getTime()
      // The outer WHERE repeats the condition: the row is claimable at the moment it is written.
      const rs = await run(
        `UPDATE rtd_submissions SET lease_until = ?
         WHERE id IN (SELECT id FROM rtd_submissions WHERE ${CLAIMABLE} ORDER BY created_at, id LIMIT ?) AND ${CLAIMABLE}
         RETURNING ${SUBMISSION_COLUMNS}`,
        [t + leaseMs, t, Math.max(0, Math.floor(limit)), t],
      )
      return rs.rows.map(toSubmission).sort(BY_CREATION)
    },

    async release(tenantId, id) {
      await run('UPDATE rtd_submissions SET lease_until = NULL WHERE tenant_id = ? AND id = ?', [tenantId, id])
    },

    async markReady(tenantId, id, processed, files, at) {
      if (files.length === 0) throw new Error(`RTD submission ${id}: ready with no file`)
      const when = at.getTime()
      const stillReceived = "EXISTS (SELECT 1 FROM rtd_submissions WHERE tenant_id = ? AND id = ? AND state = 'received')"
      // The files go in before the state changes, guarded by the same condition: both happen or neither.
      const inserts = files.map(
        (f): Stmt => ({
          sql: `INSERT INTO rtd_files (tenant_id, file_name, submission_id, number, rows, size, sha256, upload, attempts)
                SELECT ?, ?, ?, ?, ?, ?, ?, 'pending', 0 WHERE ${stillReceived}`,
          args: [tenantId, f.fileName, id, f.number, f.rows, f.size, f.sha256, tenantId, id],
        }),
      )
      const rs = await db.batch(
        [
          ...inserts,
          {
            sql: `UPDATE rtd_submissions SET state = 'ready', transmission_date = ?, rows_read = ?, rejected_rows = ?, aggregates = ?,
                    has_rejected_file = ?, processed_at = ?, updated_at = ?
                  WHERE tenant_id = ? AND id = ? AND state = 'received'`,
            args: [
              processed.transmissionDate,
              processed.rowsRead,
              processed.rejectedRows,
              processed.aggregates,
              processed.hasRejectedFile ? 1 : 0,
              when,
              when,
              tenantId,
              id,
            ],
          },
        ],
        'write',
      )
      return rs.at(-1)?.rowsAffected === 1
    },

    async markRejected(tenantId, id, rejection, processed, at) {
      const rs = await run(
        `UPDATE rtd_submissions SET state = 'rejected', rejection_json = ?, transmission_date = ?, rows_read = ?, rejected_rows = ?,
           aggregates = ?, has_rejected_file = ?, processed_at = ?, updated_at = ?
         WHERE tenant_id = ? AND id = ? AND state = 'received'`,
        [
          encodeRejection(rejection),
          processed.transmissionDate ?? null,
          processed.rowsRead ?? null,
          processed.rejectedRows ?? null,
          processed.aggregates ?? null,
          processed.hasRejectedFile ? 1 : 0,
          at.getTime(),
          at.getTime(),
          tenantId,
          id,
        ],
      )
      return rs.rowsAffected === 1
    },

    async recordUpload(tenantId, fileName, result, at) {
      const when = at.getTime()
      const uploaded = result.upload === 'uploaded' || result.upload === 'already_there'
      const ofFile = 'SELECT submission_id FROM rtd_files WHERE tenant_id = ? AND file_name = ?'
      const rs = await db.batch(
        [
          {
            sql: `UPDATE rtd_files SET upload = ?, attempts = attempts + ?, last_error = ?, uploaded_at = ?
                  WHERE tenant_id = ? AND file_name = ? AND NOT (${UPLOADED})
                    AND EXISTS (SELECT 1 FROM rtd_submissions s WHERE s.id = rtd_files.submission_id AND s.state = 'ready')`,
            args: [result.upload, result.attempts, result.error, uploaded ? when : null, tenantId, fileName],
          },
          {
            sql: `UPDATE rtd_submissions SET state = 'sent', sent_at = ?, updated_at = ?
                  WHERE tenant_id = ? AND id = (${ofFile}) AND state = 'ready'
                    AND NOT EXISTS (SELECT 1 FROM rtd_files f WHERE f.submission_id = rtd_submissions.id AND NOT (f.${UPLOADED}))`,
            args: [when, when, tenantId, tenantId, fileName],
          },
          { sql: `SELECT state FROM rtd_submissions WHERE tenant_id = ? AND id = (${ofFile})`, args: [tenantId, tenantId, fileName] },
        ],
        'write',
      )
      const row = rs[2]?.rows[0]
      return row ? toState(row) : null
    },

    async tenantsToFollow(limit) {
      const rs = await run("SELECT DISTINCT tenant_id FROM rtd_submissions WHERE state = 'sent' ORDER BY tenant_id LIMIT ?", [
        Math.max(0, Math.floor(limit)),
      ])
      return rs.rows.map((r) => String(r['tenant_id']))
    },

    async applyReport(tenantId, report, at) {
      const when = at.getTime()
      const moves = report.map(
        (f): Stmt => ({
          sql: `UPDATE rtd_files SET status = ?, raw_status = ?, summary_json = ?, reported_at = ?
                WHERE tenant_id = ? AND file_name = ? AND ${STATUS_RANK} < ?`,
          args: [f.status, f.rawStatus, encodeSummary(f.summary), when, tenantId, f.fileName, RTD_FILE_STATUS_ORDER.indexOf(f.status)],
        }),
      )
      const rs = await db.batch(
        [
          ...moves,
          // Every `sent` submission of the tenant, not only the reported ones: one whose files got there first is settled too.
          {
            sql: `UPDATE rtd_submissions SET state = 'done', updated_at = ?
                  WHERE tenant_id = ? AND state = 'sent'
                    AND EXISTS (SELECT 1 FROM rtd_files f WHERE f.submission_id = rtd_submissions.id)
                    AND NOT EXISTS (SELECT 1 FROM rtd_files f WHERE f.submission_id = rtd_submissions.id
                                    AND (f.status IS NULL OR f.status <> 'ack_downloaded'))`,
            args: [when, tenantId],
          },
        ],
        'write',
      )
      return rs.slice(0, moves.length).reduce((n, r) => n + r.rowsAffected, 0)
    },
    ...rtdAcksAndSettings(db),
  }
}
