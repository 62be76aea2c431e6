/** The webhook inbox contract in Node (in-memory fake, libSQL, sqld), and the carry-over of the old dedupe tables. */

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openEmbeddedDb } from '../../../adapters/libsql/embedded.ts'
import { libsqlWebhookInbox, MIGRATIONS, migrate, openDb } from '../../../adapters/libsql/index.ts'
import { paymentsV2WebhookSource } from '../../../core/payments-v2/webhook.ts'
import { paymentsWebhookSource } from '../../../core/use-cases/provider-webhook.ts'
import { runWebhookInboxContract } from '../../contract/webhook-inbox.contract.ts'
import { inMemoryWebhookInbox } from '../../fakes/webhook-inbox.fake.ts'
import { fileSqld } from '../../setup/file-sqld.ts'
import { migratedLibsql } from './libsql-helpers.ts'

const sqld = fileSqld(import.meta.url)

const dir = mkdtempSync(join(tmpdir(), 'varco-inbox-'))
const inboxOf = async (url: string, embedded = false) => (await migratedLibsql(url, embedded ? openEmbeddedDb : undefined)).inbox

runWebhookInboxContract({ name: 'in-memory fake', make: async () => inMemoryWebhookInbox() })
runWebhookInboxContract({ name: 'embedded libsql :memory:', make: () => inboxOf(':memory:', true) })
runWebhookInboxContract({ name: 'embedded libsql file', make: () => inboxOf(`file:${join(dir, 'embedded.db')}`, true) })
runWebhookInboxContract({ name: '@libsql/client :memory:', make: () => inboxOf(':memory:') })
runWebhookInboxContract({ name: 'sqld over http (Node)', make: () => inboxOf(sqld.url()) })

describe('webhook inbox migration', () => {
  it('carries the deliveries of the old dedupe tables over, so a replay after the upgrade is still a duplicate', async () => {
    const db = openDb({ url: ':memory:' })
    const at = () => new Date('2026-11-23T10:00:00Z')
    const before = MIGRATIONS.filter((m) => m.version < 9)
    expect((await migrate(db, at, before)).current).toBe(8)
    await db.execute({
      sql: 'INSERT INTO webhook_events (provider, dedupe_key, payment_id, received_at) VALUES (?, ?, ?, ?)',
      args: ['stripe', 'evt_v1', 'pay-1', 1],
    })
    await db.execute({
      sql: 'INSERT INTO v2_webhook_events (tenant_id, provider, dedupe_key, payment_id, received_at) VALUES (?, ?, ?, ?, ?)',
      args: ['tenant-a', 'revolut', 'evt_v2', null, 2],
    })

    const upTo9 = MIGRATIONS.filter((m) => m.version <= 9)
    expect((await migrate(db, at, upTo9)).applied).toEqual([9])
    const inbox = libsqlWebhookInbox(db)
    expect(await inbox.seen({ source: paymentsWebhookSource('stripe'), scope: '', dedupeKey: 'evt_v1' })).toBe(true)
    expect(await inbox.seen({ source: paymentsV2WebhookSource('revolut'), scope: 'tenant-a', dedupeKey: 'evt_v2' })).toBe(true)
    expect(await inbox.seen({ source: paymentsV2WebhookSource('revolut'), scope: 'tenant-b', dedupeKey: 'evt_v2' })).toBe(false)
    expect(await inbox.seen({ source: paymentsWebhookSource('revolut'), scope: '', dedupeKey: 'evt_v1' })).toBe(false)
    const rows = await db.execute('SELECT source, scope, dedupe_key, subject_id, received_at FROM webhook_inbox ORDER BY received_at')
    expect(rows.rows.map((r) => ({ ...r }))).toEqual([
      { source: 'payments:stripe', scope: '', dedupe_key: 'evt_v1', subject_id: 'pay-1', received_at: 1 },
      { source: 'payments-v2:revolut', scope: 'tenant-a', dedupe_key: 'evt_v2', subject_id: null, received_at: 2 },
    ])
    const old = await db.execute("SELECT name FROM sqlite_master WHERE name IN ('webhook_events', 'v2_webhook_events')")
    expect(old.rows).toEqual([])
  })
})
