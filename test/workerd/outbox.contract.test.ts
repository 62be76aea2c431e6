/** The OutboxRepo contract inside workerd, against a real sqld over http (@libsql/client's web build): payments and SDI outboxes. */

import { inject } from 'vitest'
import { libsqlOutboxRepo, openDb } from '../../adapters/libsql/index.ts'
import { migratedLibsql } from '../adapters/libsql/libsql-helpers.ts'
import { paymentOutbox, runOutboxContract } from '../contract/outbox.contract.ts'
import { libsqlSdiOutbox } from '../contract/sdi-storage.libsql.ts'

runOutboxContract({
  name: 'sqld over http (workerd)',
  make: async () => {
    const s = await migratedLibsql(inject('sqldUrl'))
    return paymentOutbox(libsqlOutboxRepo(s.db), s)
  },
})
runOutboxContract({ name: 'SDI outbox, sqld over http (workerd)', make: () => libsqlSdiOutbox(openDb({ url: inject('sqldUrl') })) })
