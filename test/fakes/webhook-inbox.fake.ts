/** An in-memory WebhookInbox passing the same contract as libSQL (test/contract/webhook-inbox.contract.ts). @module */

import type { InboxKey, WebhookInbox } from '../../ports/webhook-inbox.port.ts'

export function inMemoryWebhookInbox(): WebhookInbox {
  const rows = new Map<string, { readonly subjectId: string | null; readonly at: Date }>()
  const id = (k: InboxKey) => JSON.stringify([k.source, k.scope, k.dedupeKey])
  return {
    async seen(key) {
      return rows.has(id(key))
    },
    async record(key, subjectId, at) {
      if (rows.has(id(key))) return false
      rows.set(id(key), { subjectId, at })
      return true
    },
  }
}
