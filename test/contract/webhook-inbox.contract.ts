/**
 * The WebhookInbox contract: every implementation (in-memory fake, libSQL `:memory:` and file, sqld
 * over HTTP from Node and from workerd) records a delivery once per (source, scope, dedupe key).
 * Cases use fresh random keys, so a shared database needs no reset.
 * @module
 */

import { describe, expect, it } from 'vitest'
import type { InboxKey, WebhookInbox } from '../../ports/webhook-inbox.port.ts'

export type WebhookInboxContractOptions = {
  readonly name: string
  readonly make: () => Promise<WebhookInbox>
}

const T0 = new Date('2026-11-23T10:00:00.123Z')

const aKey = (over: Partial<InboxKey> = {}): InboxKey => ({
  source: 'payments:stripe',
  scope: '',
  dedupeKey: `evt_${crypto.randomUUID()}`,
  ...over,
})

export function runWebhookInboxContract({ name, make }: WebhookInboxContractOptions) {
  describe(`webhook inbox contract: ${name}`, () => {
    it('has not seen a delivery until it is recorded, and does not record it by looking', async () => {
      const inbox = await make()
      const k = aKey()
      expect(await inbox.seen(k)).toBe(false)
      expect(await inbox.seen(k)).toBe(false)
      expect(await inbox.record(k, 'pay-1', T0)).toBe(true)
      expect(await inbox.seen(k)).toBe(true)
    })

    it('records each delivery once: a replay is refused, with or without a subject', async () => {
      const inbox = await make()
      const k = aKey()
      expect(await inbox.record(k, null, T0)).toBe(true)
      expect(await inbox.record(k, null, T0)).toBe(false)
      expect(await inbox.record(k, 'pay-1', new Date(T0.getTime() + 1000))).toBe(false)
      expect(await inbox.seen(k)).toBe(true)
    })

    it('keys a delivery by source, scope and dedupe key together', async () => {
      const inbox = await make()
      const tenantA = crypto.randomUUID()
      const k = aKey({ source: 'payments-v2:revolut', scope: tenantA })
      expect(await inbox.record(k, 'pay-1', T0)).toBe(true)
      const others = [
        { ...k, scope: crypto.randomUUID() },
        { ...k, scope: '' },
        { ...k, source: 'payments-v2:stripe' },
        { ...k, source: 'payments:revolut' },
        { ...k, dedupeKey: `${k.dedupeKey}-2` },
      ]
      for (const o of others) expect(await inbox.seen(o)).toBe(false)
      for (const o of others) expect(await inbox.record(o, null, T0)).toBe(true)
      expect(await inbox.seen(k)).toBe(true)
    })

    it('keeps keys with separators and non-ASCII characters apart', async () => {
      const inbox = await make()
      const id = crypto.randomUUID()
      const a = { source: `s:${id}`, scope: 'a|b', dedupeKey: 'c' }
      const b = { source: `s:${id}`, scope: 'a', dedupeKey: 'b|c' }
      const c = { source: `s:${id}`, scope: 'città', dedupeKey: 'évènement' }
      expect(await inbox.record(a, null, T0)).toBe(true)
      expect(await inbox.seen(b)).toBe(false)
      expect(await inbox.record(b, null, T0)).toBe(true)
      expect(await inbox.record(c, null, T0)).toBe(true)
      expect(await inbox.seen({ ...c })).toBe(true)
    })
  })
}
