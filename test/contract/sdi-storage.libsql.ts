/**
 * SDI storage over a libSQL Db (migrated), for the SdiRepo contract and the OutboxRepo contract on
 * the SDI outbox, in Node and workerd. The outbox seeding writes transmissions the way the use case
 * does: `begin` with the first event, then one `update` per further event.
 * @module
 */

import { type Db, libsqlSdiOutboxRepo, libsqlSdiRepo, libsqlTenantRepo, migrate } from '../../adapters/libsql/index.ts'
import { anSdiEvent, aTransmission, nextVersion } from '../fakes/sdi-transmission.fake.ts'
import { newTenant, type OutboxUnderTest, T0 } from './outbox.contract.ts'
import type { SdiStorageUnderTest } from './sdi-storage.contract.ts'

const AT = new Date('2026-11-23T10:00:00Z')

export async function libsqlSdiStorage(db: Db): Promise<SdiStorageUnderTest> {
  await migrate(db, () => AT)
  const tenants = libsqlTenantRepo(db)
  return {
    store: (publishers) => libsqlSdiRepo(db, { publishers }),
    outbox: libsqlSdiOutboxRepo(db),
    addTenant: async (id) => {
      await newTenant(tenants, id)
    },
  }
}

/** The SDI outbox under the OutboxRepo contract: each seeded subject is a transmission of one tenant. */
export async function libsqlSdiOutbox(db: Db): Promise<OutboxUnderTest> {
  await migrate(db, () => AT)
  const tenantId = await newTenant(libsqlTenantRepo(db))
  return {
    outbox: libsqlSdiOutboxRepo(db),
    seed: async (publishers, when = T0) => {
      // Every version is stamped `when`, so that all its events' rows are due from then.
      let t = aTransmission({ tenantId, createdAt: when, updatedAt: when })
      const events = []
      for (const [i, names] of publishers.entries()) {
        const repo = libsqlSdiRepo(db, { publishers: names })
        const next = i === 0 ? t : nextVersion(t, { state: i === 1 ? 'inviata' : 'RC', updatedAt: when })
        const event = anSdiEvent(next)
        const ok =
          i === 0 ? (await repo.begin(next, event)).created : await repo.update(next, t.version, { events: [event], notifications: [] })
        if (!ok) throw new Error('seed failed')
        t = next
        events.push(event)
      }
      return { paymentId: t.id, key: tenantId, eventIds: events.map((e) => e.eventId), events: events.map((e) => e.doc) }
    },
  }
}
