/**
 * Following sent files at pagoPA (the `reconcile-rtd` job): for each tenant with files on their way or with RTD
 * settings, read the file report v2 and apply it (forward only), then fetch the AdE errors files (ADEACK): list,
 * download, store, and only then confirm with `ack-received`, as the reference batch does. A file whose confirmation
 * fails stays listed at pagoPA and is confirmed on a later run (it is stored once). Timeouts change nothing.
 * @module
 */

import type { RtdDeps } from './deps.ts'
import { countAckRows } from './submission.ts'

export type FollowCounter =
  | 'tenants'
  | 'report_read'
  | 'files_changed'
  | 'acks_stored'
  | 'acks_confirmed'
  | 'acks_too_large'
  | 'not_configured'
  | 'unreachable'

async function readText(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<{ text: string; size: number } | null> {
  const reader = stream.getReader()
  const parts: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      return null
    }
    parts.push(value)
  }
  const all = new Uint8Array(size)
  let at = 0
  for (const p of parts) {
    all.set(p, at)
    at += p.byteLength
  }
  return { text: new TextDecoder().decode(all), size }
}

/** One tenant: report, then ACKs. Returns the counters to add one to each. */
export async function followTenant(deps: RtdDeps, tenantId: string): Promise<FollowCounter[]> {
  const out: FollowCounter[] = ['tenants']
  const submitter = await deps.submitterFor(tenantId, await deps.repo.settings(tenantId))
  if (!submitter) return [...out, 'not_configured']

  const report = await submitter.fileReport()
  if (report.kind === 'ok') {
    out.push('report_read')
    const changed = await deps.repo.applyReport(tenantId, report.value, deps.clock())
    for (let i = 0; i < changed; i++) out.push('files_changed')
  } else {
    out.push('unreachable')
    deps.logger.warn('rtd file report unavailable', { tenant_id: tenantId, kind: report.kind, reason: report.reason })
  }

  const list = await submitter.listAcks()
  if (list.kind !== 'ok') {
    deps.logger.warn('rtd ack list unavailable', { tenant_id: tenantId, kind: list.kind, reason: list.reason })
    return [...out, 'unreachable']
  }
  for (const name of list.value) {
    const stored = await deps.repo.ack(tenantId, name)
    if (!stored) {
      const body = await submitter.downloadAck(name)
      if (body.kind !== 'ok') {
        out.push('unreachable')
        continue
      }
      const read = await readText(body.value, deps.maxAckBytes)
      if (!read) {
        out.push('acks_too_large')
        deps.logger.error('rtd ack file too large', { tenant_id: tenantId, file: name, limit: deps.maxAckBytes })
        continue
      }
      const counts = countAckRows(read.text)
      const ack = { tenantId, fileName: name, size: read.size, ...counts, downloadedAt: deps.clock(), confirmedAt: null }
      if ((await deps.repo.saveAck(ack, read.text)) === 'created') out.push('acks_stored')
    }
    const confirmed = await submitter.confirmAck(name)
    if (confirmed.kind === 'ok') {
      await deps.repo.confirmAck(tenantId, name, deps.clock())
      out.push('acks_confirmed')
    } else out.push('unreachable')
  }
  if (list.value.length > 0) {
    // Confirming moves files to ACK_DOWNLOADED: read the report again so the submission can finish this run.
    const after = await submitter.fileReport()
    if (after.kind === 'ok') {
      const changed = await deps.repo.applyReport(tenantId, after.value, deps.clock())
      for (let i = 0; i < changed; i++) out.push('files_changed')
    }
  }
  return out
}

/** Every tenant to follow: those with sent submissions, and every tenant with RTD settings (their ACKs). */
export async function tenantsToFollow(deps: RtdDeps, limit: number): Promise<string[]> {
  const sent = await deps.repo.tenantsToFollow(limit)
  const configured = (await deps.repo.allSettings()).map((s) => s.tenantId)
  return [...new Set([...sent, ...configured])].slice(0, limit)
}
