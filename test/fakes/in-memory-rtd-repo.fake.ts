/**
 * An in-memory RtdRepo for core and job tests, passing the same contract suite as libSQL
 * (test/contract/rtd-repo.contract.ts). Each method runs without an await in its middle, so it is as
 * atomic as the database's transactions; leases, forward-only moves and scoping follow the port.
 * @module
 */

import { decodeRtdCursor, encodeRtdCursor } from '../../adapters/libsql/rtd-cursor.ts'
import { advancesStatus, isUploaded, type RtdAck, type RtdFileRecord, type RtdSubmission } from '../../core/rtd/submission.ts'
import type { RtdRepo, RtdSettings } from '../../ports/rtd-repo.port.ts'

type Stored = { s: RtdSubmission; leaseUntil: number | null }

const newestFirst = (a: RtdSubmission, b: RtdSubmission) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
const fileKey = (tenantId: string, fileName: string) => `${tenantId}\n${fileName}`

export function inMemoryRtdRepo(): RtdRepo {
  const subs = new Map<string, Stored>()
  const files = new Map<string, RtdFileRecord>()
  const acks = new Map<string, { ack: RtdAck; content: string }>()
  const settings = new Map<string, RtdSettings>()
  const mine = (tenantId: string, id: string) => {
    const r = subs.get(id)
    return r && r.s.tenantId === tenantId ? r : null
  }
  const filesOf = (id: string) => [...files.values()].filter((f) => f.submissionId === id).sort((a, b) => a.number - b.number)
  const setState = (r: Stored, next: Partial<RtdSubmission>) => {
    r.s = { ...r.s, ...next }
  }

  return {
    async create(s) {
      if (s.state !== 'received') throw new Error(`RTD submission ${s.id}: created in state ${s.state}, not received`)
      if ([...subs.values()].some((r) => r.s.tenantId === s.tenantId && r.s.inputName === s.inputName)) return 'duplicate'
      if (subs.has(s.id)) throw new Error(`RTD submission ${s.id}: id taken`)
      subs.set(s.id, { s, leaseUntil: null })
      return 'created'
    },
    async get(tenantId, id) {
      return mine(tenantId, id)?.s ?? null
    },
    async files(tenantId, id) {
      return mine(tenantId, id) ? filesOf(id) : []
    },
    async list(tenantId, filter) {
      let all = [...subs.values()]
        .map((r) => r.s)
        .filter((s) => s.tenantId === tenantId && (filter.state === undefined || s.state === filter.state))
        .sort(newestFirst)
      if (filter.cursor !== undefined) {
        const after = decodeRtdCursor(filter.cursor)
        if (after === null) return { items: [], nextCursor: null }
        all = all.filter((s) => s.createdAt.getTime() < after.createdAt || (s.createdAt.getTime() === after.createdAt && s.id < after.id))
      }
      const limit = Math.max(0, Math.floor(filter.limit))
      const items = all.slice(0, limit)
      const last = items.at(-1)
      return { items, nextCursor: all.length > limit && last ? encodeRtdCursor(last.createdAt, last.id) : null }
    },
    async claim(now, leaseMs, limit) {
      const t = now.getTime()
      const claimable = [...subs.values()]
        .filter((r) => (r.s.state === 'received' || r.s.state === 'ready') && (r.leaseUntil === null || r.leaseUntil <= t))
        .sort((a, b) => -newestFirst(a.s, b.s))
        .slice(0, Math.max(0, Math.floor(limit)))
      for (const r of claimable) r.leaseUntil = t + leaseMs
      return claimable.map((r) => r.s)
    },
    async release(tenantId, id) {
      const r = mine(tenantId, id)
      if (r) r.leaseUntil = null
    },
    async markReady(tenantId, id, p, newFiles, at) {
      if (newFiles.length === 0) throw new Error(`RTD submission ${id}: ready with no file`)
      const r = mine(tenantId, id)
      if (r?.s.state !== 'received') return false
      if (newFiles.some((f) => files.has(fileKey(tenantId, f.fileName)))) throw new Error(`RTD submission ${id}: a file name is taken`)
      for (const f of newFiles) {
        files.set(fileKey(tenantId, f.fileName), {
          ...f,
          submissionId: id,
          tenantId,
          upload: 'pending',
          attempts: 0,
          lastError: null,
          uploadedAt: null,
          status: null,
          rawStatus: null,
          summary: null,
          reportedAt: null,
        })
      }
      const { transmissionDate, rowsRead, rejectedRows, aggregates, hasRejectedFile } = p
      setState(r, { state: 'ready', transmissionDate, rowsRead, rejectedRows, aggregates, hasRejectedFile, processedAt: at, updatedAt: at })
      return true
    },
    async markRejected(tenantId, id, rejection, p, at) {
      const r = mine(tenantId, id)
      if (r?.s.state !== 'received') return false
      setState(r, {
        state: 'rejected',
        rejection,
        transmissionDate: p.transmissionDate ?? null,
        rowsRead: p.rowsRead ?? null,
        rejectedRows: p.rejectedRows ?? null,
        aggregates: p.aggregates ?? null,
        hasRejectedFile: p.hasRejectedFile ?? false,
        processedAt: at,
        updatedAt: at,
      })
      return true
    },
    async recordUpload(tenantId, fileName, result, at) {
      const key = fileKey(tenantId, fileName)
      const f = files.get(key)
      const r = f ? subs.get(f.submissionId) : undefined
      if (!f || !r) return null
      if (r.s.state === 'ready' && !isUploaded(f.upload)) {
        const up = isUploaded(result.upload)
        files.set(key, {
          ...f,
          upload: result.upload,
          attempts: f.attempts + result.attempts,
          lastError: result.error,
          uploadedAt: up ? at : null,
        })
        if (filesOf(r.s.id).every((x) => isUploaded(x.upload))) setState(r, { state: 'sent', sentAt: at, updatedAt: at })
      }
      return r.s.state
    },
    async tenantsToFollow(limit) {
      const ids = new Set([...subs.values()].filter((r) => r.s.state === 'sent').map((r) => r.s.tenantId))
      return [...ids].sort().slice(0, Math.max(0, Math.floor(limit)))
    },
    async applyReport(tenantId, report, at) {
      let changed = 0
      for (const rf of report) {
        const key = fileKey(tenantId, rf.fileName)
        const f = files.get(key)
        if (!f || !advancesStatus(f.status, rf.status)) continue
        files.set(key, { ...f, status: rf.status, rawStatus: rf.rawStatus, summary: rf.summary, reportedAt: at })
        changed++
      }
      for (const r of subs.values()) {
        if (r.s.tenantId !== tenantId || r.s.state !== 'sent') continue
        const fs = filesOf(r.s.id)
        if (fs.length > 0 && fs.every((f) => f.status === 'ack_downloaded')) setState(r, { state: 'done', updatedAt: at })
      }
      return changed
    },
    async saveAck(ack, content) {
      const key = fileKey(ack.tenantId, ack.fileName)
      if (acks.has(key)) return 'exists'
      acks.set(key, { ack, content })
      return 'created'
    },
    async confirmAck(tenantId, fileName, at) {
      const a = acks.get(fileKey(tenantId, fileName))
      if (a && a.ack.confirmedAt === null) a.ack = { ...a.ack, confirmedAt: at }
    },
    async acks(tenantId, limit) {
      return [...acks.values()]
        .map((a) => a.ack)
        .filter((a) => a.tenantId === tenantId)
        .sort((a, b) => b.downloadedAt.getTime() - a.downloadedAt.getTime() || (a.fileName < b.fileName ? 1 : -1))
        .slice(0, Math.max(0, Math.floor(limit)))
    },
    async ack(tenantId, fileName) {
      const a = acks.get(fileKey(tenantId, fileName))
      return a ? { ack: a.ack, content: a.content } : null
    },
    async settings(tenantId) {
      return settings.get(tenantId) ?? null
    },
    async allSettings() {
      return [...settings.values()].sort((a, b) => (a.tenantId < b.tenantId ? -1 : 1))
    },
    async putSettings(s) {
      settings.set(s.tenantId, { ...s, senderCodes: [...s.senderCodes], abiToFiscalCode: { ...s.abiToFiscalCode } })
    },
    async resealSubscriptionKey(tenantId, expected, next) {
      const s = settings.get(tenantId)
      if (!s || s.subscriptionKeySealed !== expected) return false
      settings.set(tenantId, { ...s, subscriptionKeySealed: next })
      return true
    },
  }
}
