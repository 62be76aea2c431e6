/**
 * An SDI transmission: one attempt to deliver one FatturaPA file (one `fattura_numero` of one tenant)
 * to the Sistema di Interscambio, and everything SDI said about it. The state machine is the
 * sender's of spec fatturapa.md §5, forward only:
 *
 * ```
 * in_invio ─┬─> inviata ─┬─> RC ──(PA)──> NE (EC01 accettata | EC02 rifiutata) | DT
 *           │            ├─> MC ──(PA)──> RC … | AT
 *           │            └─> NS                       (rejected: correct and re-send, new file name)
 *           ├─> unknown ───> (resolved by looking the file up at the intermediary, never by re-sending)
 *           └─> errore                                (the intermediary refused it: nothing reached SDI)
 * ```
 * Final: NS, NE, DT, AT, errore; RC and MC are final for B2B/B2C files (FPR12), not for FPA12.
 * A notification that would move the state backwards (an RC after NE) is kept in the history and
 * changes nothing.
 * @module
 */

import type { SdiNotificationType } from '../../ports/sdi-transmitter.port.ts'

export const SDI_STATES = ['in_invio', 'unknown', 'inviata', 'RC', 'MC', 'NS', 'NE', 'DT', 'AT', 'errore'] as const
export type SdiState = (typeof SDI_STATES)[number]

/** FatturaElettronica/@versione: FPA12 to the public administration, FPR12 to anyone else. */
export type SdiFormat = 'FPA12' | 'FPR12'

/** The PA's outcome carried by NE. */
export type Esito = 'EC01' | 'EC02'

export type SdiTransmission = {
  /** Ours, shown to users: `SDI-<year>-<nnnnnn>`. */
  readonly id: string
  readonly tenantId: string
  readonly fatturaNumero: string
  /** 1 for the first send of a number; a re-send after NS or errore takes the next. */
  readonly attempt: number
  /** The transmission this one corrects (NS) or retries (errore). */
  readonly previousId: string | null
  readonly fileName: string
  readonly formato: SdiFormat
  readonly progressivoInvio: string
  readonly xmlSha256: string
  readonly xml: string
  readonly state: SdiState
  /** With NE: EC01 accepted, EC02 refused by the PA. */
  readonly esito: Esito | null
  /** The intermediary that carries it (`openapi`) and its id of the file, once known. */
  readonly transmitter: string
  readonly remoteId: string | null
  /** SDI's IdentificativoSdI, from the first notification that carries it. */
  readonly identificativoSdi: string | null
  /** The intermediary's own word for the state (OpenAPI.it marking), as last read. */
  readonly marking: string | null
  /** Why it is `errore` or `unknown` (the intermediary's message, or what went wrong on the wire). */
  readonly error: string | null
  readonly createdAt: Date
  /** When the intermediary accepted the file (`trasmessa_at`). */
  readonly sentAt: Date | null
  readonly updatedAt: Date
  /** When the reconciler looks at it next; null once final. */
  readonly nextCheckAt: Date | null
  /** Reconciler checks so far (drives the backoff). */
  readonly checks: number
  /** Bumped by every stored change (compare-and-set). */
  readonly version: number
}

/** One stored notification, in the order it was stored (`n` from 1). */
export type SdiNotificationRecord = {
  readonly transmissionId: string
  readonly n: number
  readonly remoteId: string
  readonly type: SdiNotificationType
  readonly receivedAt: Date
  readonly fileName: string | null
  readonly xml: string
  readonly parsed: ParsedNotification
}

/** What Varco reads out of a notification (core/sdi/notification.ts). */
export type ParsedNotification = {
  readonly type: SdiNotificationType
  readonly identificativoSdi: string | null
  readonly nomeFile: string | null
  readonly dataOraRicezione: string | null
  readonly messageId: string | null
  /** NS: every Errore (Codice, Descrizione); empty otherwise. */
  readonly errori: ReadonlyArray<{ readonly codice: string; readonly descrizione: string; readonly suggerimento: string | null }>
  /** NE: EsitoCommittente/Esito. */
  readonly esito: Esito | null
  readonly descrizione: string | null
  readonly note: string | null
}

const FINAL: ReadonlySet<SdiState> = new Set(['NS', 'NE', 'DT', 'AT', 'errore'])

export function isFinal(t: Pick<SdiTransmission, 'state' | 'formato'>): boolean {
  if (FINAL.has(t.state)) return true
  return t.formato === 'FPR12' && (t.state === 'RC' || t.state === 'MC')
}

/** The states each state may move to; anything else is a step backwards or sideways, and is ignored. */
const NEXT: Readonly<Record<SdiState, readonly SdiState[]>> = {
  in_invio: ['unknown', 'inviata', 'errore', 'RC', 'MC', 'NS', 'NE', 'DT', 'AT'],
  unknown: ['inviata', 'errore', 'RC', 'MC', 'NS', 'NE', 'DT', 'AT'],
  inviata: ['RC', 'MC', 'NS', 'NE', 'DT', 'AT'],
  MC: ['RC', 'AT', 'NE', 'DT'],
  RC: ['NE', 'DT'],
  NS: [],
  NE: [],
  DT: [],
  AT: [],
  errore: [],
}

export function canMove(from: SdiState, to: SdiState): boolean {
  return NEXT[from].includes(to)
}

/**
 * Applies one notification: the next state, or null when it changes nothing (duplicate, older, or
 * not possible from here). MC on a B2B file is final, so nothing follows it.
 */
export function applyNotification(
  t: Pick<SdiTransmission, 'state' | 'formato'>,
  n: Pick<ParsedNotification, 'type' | 'esito'>,
): { readonly state: SdiState; readonly esito: Esito | null } | null {
  if (isFinal(t)) return null
  if (!canMove(t.state, n.type)) return null
  return { state: n.type, esito: n.type === 'NE' ? n.esito : null }
}

/** The seed's `stato` word for a state. */
export function statoOf(t: Pick<SdiTransmission, 'state'>): string {
  return t.state
}

/** Reconciler backoff: 1, 2, 4, … minutes after each check, capped at 6 hours. */
export const CHECK_BASE_MS = 60_000
export const CHECK_MAX_MS = 6 * 3_600_000

export function nextCheckAt(now: Date, checks: number): Date {
  return new Date(now.getTime() + Math.min(CHECK_MAX_MS, CHECK_BASE_MS * 2 ** Math.min(20, checks)))
}
