/**
 * Bringing one transmission up to date with the intermediary, the one step shared by the reconciler
 * (polling with backoff) and the callback (a verified hint): re-read, apply forward only, store.
 *
 * - No intermediary id yet (`in_invio` after a crash, `unknown` after a lost answer): look the file
 *   up by file name / number. Found: adopt it. Not found after {@link LOST_AFTER_CHECKS} looks over
 *   at least {@link LOST_AFTER_MS}: `errore` (it never reached SDI; the operator may send again).
 *   Never sent again from here.
 * - Then every notification not stored yet is fetched with its raw XML, parsed by local name, stored,
 *   and applied in order (core/sdi/model.ts: an RC after NE is kept but changes nothing).
 * @module
 */

import type { SdiEvent } from '../../ports/sdi-repo.port.ts'
import type { RemoteInvoice, RemoteNotification } from '../../ports/sdi-transmitter.port.ts'
import type { SdiDeps } from './deps.ts'
import { transmissionEvent } from './events.ts'
import { invoiceFacts } from './invoice-facts.ts'
import {
  applyNotification,
  isFinal,
  nextCheckAt,
  type ParsedNotification,
  type SdiNotificationRecord,
  type SdiTransmission,
} from './model.ts'
import { parseNotification } from './notification.ts'

export const LOST_AFTER_CHECKS = 3
export const LOST_AFTER_MS = 10 * 60_000
/** Polling stops (nextCheckAt null) for a transmission older than this that is still not final. */
export const GIVE_UP_AFTER_MS = 60 * 24 * 3_600_000

export type RefreshOutcome = {
  readonly transmission: SdiTransmission
  /** Counters for the job report: `checked`, `found`, `lost`, `notified`, `unreachable`, `raced`, … */
  readonly counters: readonly string[]
}

export async function refreshTransmission(
  deps: SdiDeps,
  t: SdiTransmission,
  options: { readonly countCheck: boolean },
): Promise<RefreshOutcome> {
  const transmitter = deps.transmitter
  // A final transmission is not polled, but a callback still stores what arrives (an RC after NE: kept, changes nothing).
  if (transmitter === null || t.state === 'errore' || (isFinal(t) && options.countCheck)) return { transmission: t, counters: [] }
  const now = deps.clock()
  const counters: string[] = ['checked']
  const events: SdiEvent[] = []
  let next: SdiTransmission = t
  const move = (patch: Partial<SdiTransmission>, notification: { type: string; codes: readonly string[] } | null) => {
    const before = next.state
    next = { ...next, ...patch }
    if (next.state !== before) events.push(transmissionEvent(next, before, deps.newId(), now, notification))
  }

  if (next.remoteId === null) {
    const found = await lookup(deps, t)
    if (!found.ok) counters.push('unreachable')
    else if (found.value !== null) {
      counters.push('found')
      move({ remoteId: found.value.remoteId, state: 'inviata', sentAt: found.value.createdAt, error: null }, null)
    } else {
      const lost = t.checks + 1 >= LOST_AFTER_CHECKS && now.getTime() - t.createdAt.getTime() >= LOST_AFTER_MS
      if (lost) {
        counters.push('lost')
        move({ state: 'errore', error: 'the intermediary has no record of this file: it did not reach SDI; send it again' }, null)
      } else if (next.state === 'in_invio') move({ state: 'unknown', error: 'interrupted before the answer was stored' }, null)
    }
  }

  const added: SdiNotificationRecord[] = []
  if (next.remoteId !== null && next.state !== 'errore') {
    const remoteId = next.remoteId
    const [remote, listed, stored] = await Promise.all([
      transmitter.get(remoteId),
      transmitter.notifications(remoteId),
      deps.store.notifications(t.tenantId, t.id),
    ])
    if (remote.ok && remote.value !== null) applyRemote(remote.value, (p) => move(p, null), next)
    if (!listed.ok) counters.push('unreachable')
    else {
      const known = new Set(stored.map((n) => n.remoteId))
      const fresh = [...listed.value].filter((n) => !known.has(n.remoteId)).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      for (const n of fresh) {
        const parsed = await parse(deps, n)
        const codes = parsed.esito ? [parsed.esito] : parsed.errori.map((e) => e.codice)
        added.push({
          transmissionId: t.id,
          n: stored.length + added.length + 1,
          remoteId: n.remoteId,
          type: n.type,
          receivedAt: n.createdAt,
          fileName: n.fileName,
          xml: n.xml,
          parsed,
        })
        deps.observe.notified(n.type, codes)
        counters.push('notified')
        if (next.identificativoSdi === null && parsed.identificativoSdi) move({ identificativoSdi: parsed.identificativoSdi }, null)
        const step = applyNotification(next, parsed)
        if (step) move(step, { type: n.type, codes })
        else if (next.state !== n.type)
          deps.logger.info('sdi notification changes nothing', { sdi_id: t.id, type: n.type, state: next.state })
      }
    }
  }

  const checks = options.countCheck ? t.checks + 1 : t.checks
  const tooOld = now.getTime() - t.createdAt.getTime() > GIVE_UP_AFTER_MS
  const due = isFinal(next) || tooOld ? null : options.countCheck || next.nextCheckAt === null ? nextCheckAt(now, checks) : next.nextCheckAt
  if (tooOld && !isFinal(next))
    deps.logger.warn('sdi transmission still open after 60 days: polling stops', { sdi_id: t.id, state: next.state })
  const changed = events.length > 0 || added.length > 0 || next.marking !== t.marking || next.identificativoSdi !== t.identificativoSdi
  if (!changed && !options.countCheck) return { transmission: t, counters }
  const stored: SdiTransmission = { ...next, checks, nextCheckAt: due, updatedAt: now, version: t.version + 1 }
  const written = await deps.store.update(stored, t.version, { events, notifications: added })
  if (!written) return { transmission: (await deps.store.get(t.tenantId, t.id)) ?? t, counters: [...counters, 'raced'] }
  if (events.length > 0) counters.push('changed')
  return { transmission: stored, counters }
}

/** The intermediary's marking and SDI id are information; the state moves only on notifications. */
function applyRemote(r: RemoteInvoice, patch: (p: Partial<SdiTransmission>) => void, t: SdiTransmission) {
  const p: { marking?: string | null; identificativoSdi?: string } = {}
  if (r.marking !== t.marking) p.marking = r.marking
  if (t.identificativoSdi === null && r.sdiId !== null) p.identificativoSdi = r.sdiId
  if (Object.keys(p).length > 0) patch(p)
}

async function lookup(deps: SdiDeps, t: SdiTransmission) {
  const transmitter = deps.transmitter
  if (transmitter === null) return { ok: false as const, reason: 'no transmitter' }
  const read = (await deps.xsd()).read(t.xml)
  const facts = read.ok ? invoiceFacts(read.root) : null
  const found = await transmitter.lookup({
    fileName: t.fileName,
    invoiceNumber: facts?.numero ?? t.fatturaNumero,
    invoiceDate: facts?.data ?? '',
    senderId: facts?.senderId ?? '',
    sha256: t.xmlSha256,
  })
  if (!found.ok) return found
  const byName = found.value.find((r) => r.fileName === t.fileName)
  return { ok: true as const, value: byName ?? (found.value.length === 1 ? (found.value[0] ?? null) : null) }
}

async function parse(deps: SdiDeps, n: RemoteNotification): Promise<ParsedNotification> {
  const read = (await deps.xsd()).read(n.xml)
  const parsed = read.ok ? parseNotification(read.root) : { ok: false as const, reason: read.issue.message.en }
  if (parsed.ok && parsed.value.type === n.type) return parsed.value
  deps.logger.warn('sdi notification XML not readable; stored as received', {
    type: n.type,
    reason: parsed.ok ? `root says ${parsed.value.type}` : parsed.reason,
  })
  return {
    type: n.type,
    identificativoSdi: null,
    nomeFile: null,
    dataOraRicezione: null,
    messageId: null,
    errori: [],
    esito: null,
    descrizione: null,
    note: null,
  }
}
