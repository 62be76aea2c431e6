/** Opens a migrated libSQL database for tests. @module */

import {
  type Db,
  libsqlJobRunRepo,
  libsqlPaymentRepo,
  libsqlServiceRepo,
  libsqlTenantRepo,
  libsqlWebhookInbox,
  migrate,
  openDb,
} from '../../../adapters/libsql/index.ts'
import type { WebhookInbox } from '../../../ports/webhook-inbox.port.ts'
import type { StorageUnderTest } from '../../contract/storage.contract.ts'

export async function migratedLibsql(
  url: string,
  open: (url: string) => Db = (u) => openDb({ url: u }),
): Promise<StorageUnderTest & { db: Db; inbox: WebhookInbox }> {
  const db = open(url)
  await migrate(db, () => new Date('2026-11-23T10:00:00Z'))
  return {
    db,
    tenants: libsqlTenantRepo(db),
    jobRuns: libsqlJobRunRepo(db),
    services: libsqlServiceRepo(db),
    payments: libsqlPaymentRepo(db),
    inbox: libsqlWebhookInbox(db),
  }
}
