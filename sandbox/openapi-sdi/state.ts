/**
 * The simulator's memory: invoices as OpenAPI.it keeps them (uuid, SDI file name and id, marking,
 * notifications), OAuth tokens, business registry and API (callback) configurations, and the
 * counters behind IdentificativoSdI and MessageId. One instance per simulator.
 * @module
 */

import type { InvoiceFacts } from './inspect.ts'
import type { NotificationFacts } from './messages.ts'

export type NotificationType = NotificationFacts['type']

/** Where and how a notification's callback goes, fixed when the notification is made. */
export type Delivery = {
  readonly url: string
  readonly header: string
  attempts: number
  delivered: boolean
  /** Not before (simulator clock). */
  nextAt: Date
  lastError: string | null
}

export type SimNotification = {
  readonly uuid: string
  readonly invoiceUuid: string
  readonly createdAt: Date
  readonly type: NotificationType
  readonly fileName: string
  readonly xml: string
  /** The snake_case JSON of the message, as OpenAPI.it shows it. */
  readonly message: Readonly<Record<string, unknown>>
  downloaded: boolean
  downloadedAt: Date | null
  /** Null when no `customer-notification` callback was configured for the sender. */
  readonly delivery: Delivery | null
}

/** Where an invoice is in SDI's sequence (the last notification that moved it). */
export type Stage = 'sent' | NotificationType

export type SimInvoice = {
  readonly uuid: string
  readonly createdAt: Date
  readonly xml: string
  /** Hex SHA-256 of the file (AttestazioneTrasmissioneFattura/HashFileOriginale). */
  readonly sha256: string
  readonly facts: InvoiceFacts
  readonly fileName: string
  /** IdentificativoSdI. */
  readonly sdiFileId: number
  stage: Stage
  marking: string
  readonly notifications: SimNotification[]
  /** When the automatic RC or NS is due; null once made or overtaken. */
  autoAt: Date | null
}

export type SimToken = { readonly token: string; readonly scopes: readonly string[]; expire: number }

export type Registry = {
  readonly id: string
  readonly fiscal_id: string
  readonly name: string
  readonly email: string
  readonly apply_signature: boolean
  readonly apply_legal_storage: boolean
  readonly active: boolean
}

export type Callback = { readonly event: string; readonly url: string; readonly auth_header: string; readonly field: string }

export type ApiConfiguration = { readonly id: string; readonly fiscal_id: string; readonly callbacks: readonly Callback[] }

/**
 * `defaultCallback`: where notifications of a sender with no API configuration go (Varco's sandbox
 * points it at its own `/webhooks/openapi-sdi`, so a walk-through needs no `sdi setup`; the real
 * OpenAPI.it sends nothing until `POST /api_configurations`).
 */
export function sdiState(now: () => Date, newId: () => string, defaultCallback: Callback | null = null) {
  const invoices = new Map<string, SimInvoice>()
  const byFileName = new Map<string, SimInvoice>()
  const tokens = new Map<string, SimToken>()
  const registries = new Map<string, Registry>()
  const apiConfigurations = new Map<string, ApiConfiguration>()
  let sdiFileId = 100_000
  let messageId = 0
  let accepted = 0

  function addInvoice(xml: string, sha256: string, facts: InvoiceFacts & { fileName: string }, autoDeliverMs: number): SimInvoice {
    const createdAt = now()
    const inv: SimInvoice = {
      uuid: newId(),
      createdAt,
      xml,
      sha256,
      facts,
      fileName: facts.fileName,
      sdiFileId: ++sdiFileId,
      stage: 'sent',
      marking: 'sent',
      notifications: [],
      autoAt: Number.isFinite(autoDeliverMs) ? new Date(createdAt.getTime() + autoDeliverMs) : null,
    }
    invoices.set(inv.uuid, inv)
    byFileName.set(inv.fileName, inv)
    accepted++
    return inv
  }

  /** The customer-notification callback configured for a sender, if any. */
  function callbackFor(fiscalId: string | null): Callback | null {
    const configured = fiscalId === null ? undefined : apiConfigurations.get(fiscalId)
    if (configured === undefined) return defaultCallback
    return configured.callbacks.find((c) => c.event === 'customer-notification') ?? null
  }

  return {
    now,
    newId,
    invoices,
    byFileName,
    tokens,
    registries,
    apiConfigurations,
    addInvoice,
    callbackFor,
    nextMessageId: () => String(++messageId),
    /** How many `POST /invoices` were accepted (stored), answered or not. */
    accepted: () => accepted,
  }
}

export type SdiState = ReturnType<typeof sdiState>
