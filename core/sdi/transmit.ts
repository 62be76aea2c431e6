/**
 * `POST /sdi/trasmetti`: send one FatturaPA file to SDI, idempotently on (tenant, fattura_numero).
 *
 * 1. The file is validated in full (XML, XSD, SDI checks, identifiers); one that SDI would discard
 *    is refused with every finding, and nothing is stored or sent.
 * 2. The number's latest transmission decides: none → attempt 1; the same file → that record (a
 *    repeat, a double click, twenty concurrent requests); another file → 409, unless the latest was
 *    rejected (NS: the corrected file must carry a new file name / ProgressivoInvio) or never
 *    reached SDI (errore): then the next attempt, linked to it.
 * 3. The record is stored `in_invio` before the intermediary is called: (tenant, number, attempt)
 *    is unique, so exactly one request wins and sends. A crash after this leaves a row the
 *    reconciler resolves by looking the file up, never by sending it again.
 * 4. The answer moves it to `inviata` (accepted), `errore` (refused: nothing reached SDI) or
 *    `unknown` (no usable answer: resolved later by lookup).
 * @module
 */

import type { DomainError } from '../errors.ts'
import { isError } from '../fatturapa/issue.ts'
import { inspectFatturaXml } from '../fatturapa/validate.ts'
import { decodeXmlBytes } from '../fatturapa/xml-decode.ts'
import { err, ok, type Result } from '../result.ts'
import { formatRome } from '../rome-time.ts'
import type { SdiDeps } from './deps.ts'
import { transmissionEvent } from './events.ts'
import { invoiceFacts } from './invoice-facts.ts'
import { nextCheckAt, type SdiTransmission } from './model.ts'

export type TransmitInput = {
  readonly tenantId: string
  readonly fatturaNumero: string
  /** The file's bytes (base64-decoded by the edge). */
  readonly xml: Uint8Array
}

export type TransmitResult = { readonly transmission: SdiTransmission; readonly created: boolean }

/** Before the reconciler looks at a row still `in_invio` (a crash between storing and sending). */
export const IN_FLIGHT_GRACE_MS = 2 * 60_000

const issue = (code: string, xpath: string, it: string, en: string) =>
  ({ layer: 'sdi', code, xpath, message: { it, en }, severity: 'error' }) as const

export async function transmit(deps: SdiDeps, input: TransmitInput): Promise<Result<TransmitResult, DomainError>> {
  const decoded = decodeXmlBytes(input.xml)
  if (!decoded.ok) return err({ code: 'invoice.invalid', issues: [decoded.issue] })
  const xml = decoded.text
  const now = deps.clock()
  const today = formatRome(now).slice(0, 10)
  const checked = await inspectFatturaXml(xml, { xsd: await deps.xsd() }, { today })
  if (!checked.valid || checked.root === null) return err({ code: 'invoice.invalid', issues: checked.issues.filter(isError) })
  const facts = invoiceFacts(checked.root)
  if (facts === null)
    return err({
      code: 'invoice.invalid',
      issues: [issue('SDI-FACTS', '/FatturaElettronica', 'dati di trasmissione incompleti', 'transmission data incomplete')],
    })
  if (facts.numero !== input.fatturaNumero)
    return err({
      code: 'validation',
      issues: [{ path: 'fattura_numero', message: `does not match the invoice's Numero (${facts.numero})` }],
    })
  const transmitter = deps.transmitter
  if (transmitter === null) return err({ code: 'unavailable', dependency: 'sdi transmitter (OPENAPI_SDI_* not configured)' })
  const sha = await deps.sha256Hex(xml)

  const latest = await deps.store.latestByNumero(input.tenantId, input.fatturaNumero)
  let attempt = 1
  let previousId: string | null = null
  if (latest !== null) {
    if (latest.xmlSha256 === sha && latest.state !== 'errore') return ok({ transmission: latest, created: false })
    if (latest.state !== 'NS' && latest.state !== 'errore')
      return err({
        code: 'conflict',
        resource: 'sdi transmission',
        id: latest.id,
        detail: `invoice ${input.fatturaNumero} was already transmitted with different content (${latest.id}, ${latest.state}); a new file is accepted only after NS or errore`,
      })
    if (latest.state === 'NS' && latest.fileName === facts.fileName)
      return err({
        code: 'conflict',
        resource: 'sdi transmission',
        id: latest.id,
        detail: `a corrected invoice needs a new file name: ${facts.fileName} was rejected by SDI (${latest.id}); issue it with a new ProgressivoInvio`,
      })
    attempt = latest.attempt + 1
    previousId = latest.id
  }

  const year = Number(today.slice(0, 4))
  const seq = await deps.store.nextSequence(year)
  const draft: SdiTransmission = {
    id: `SDI-${year}-${String(seq).padStart(6, '0')}`,
    tenantId: input.tenantId,
    fatturaNumero: input.fatturaNumero,
    attempt,
    previousId,
    fileName: facts.fileName,
    formato: facts.formato,
    progressivoInvio: facts.progressivoInvio,
    xmlSha256: sha,
    xml,
    state: 'in_invio',
    esito: null,
    transmitter: transmitter.name,
    remoteId: null,
    identificativoSdi: null,
    marking: null,
    error: null,
    createdAt: now,
    sentAt: null,
    updatedAt: now,
    nextCheckAt: new Date(now.getTime() + IN_FLIGHT_GRACE_MS),
    checks: 0,
    version: 1,
  }
  const begun = await deps.store.begin(draft, transmissionEvent(draft, null, deps.newId(), now, null))
  if (!begun.created) {
    const existing = begun.transmission
    if (existing.xmlSha256 === sha) return ok({ transmission: existing, created: false })
    return err({
      code: 'conflict',
      resource: 'sdi transmission',
      id: existing.id,
      detail: `invoice ${input.fatturaNumero} is being transmitted with different content (${existing.id})`,
    })
  }

  const sent = await transmitter.send(xml)
  deps.observe.sent(sent.kind)
  const at = deps.clock()
  const next: SdiTransmission =
    sent.kind === 'accepted'
      ? { ...draft, state: 'inviata', remoteId: sent.remoteId, sentAt: at, nextCheckAt: nextCheckAt(at, 0) }
      : sent.kind === 'refused'
        ? { ...draft, state: 'errore', error: `${sent.status} ${sent.code}: ${sent.message}`, nextCheckAt: null }
        : { ...draft, state: 'unknown', error: sent.reason, nextCheckAt: nextCheckAt(at, 0) }
  const stored: SdiTransmission = { ...next, updatedAt: at, version: draft.version + 1 }
  const written = await deps.store.update(stored, draft.version, {
    events: [transmissionEvent(stored, draft.state, deps.newId(), at, null)],
    notifications: [],
  })
  if (!written) {
    // The reconciler got there first (only possible after IN_FLIGHT_GRACE_MS): its reading stands.
    const current = await deps.store.get(input.tenantId, draft.id)
    deps.logger.warn('sdi send result not stored: the record moved meanwhile', { sdi_id: draft.id, outcome: sent.kind })
    return ok({ transmission: current ?? stored, created: true })
  }
  if (sent.kind !== 'accepted') deps.logger.warn('sdi send not accepted', { sdi_id: draft.id, outcome: sent.kind, reason: stored.error })
  return ok({ transmission: stored, created: true })
}
