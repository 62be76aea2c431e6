/** The OutboxRepo contract inside workerd, against a real sqld over http (@libsql/client's web build). */

import { inject } from 'vitest'
import { libsqlOutboxRepo } from '../../adapters/libsql/index.ts'
import { migratedLibsql } from '../adapters/libsql/libsql-helpers.ts'
import { runOutboxContract } from '../contract/outbox.contract.ts'

runOutboxContract({
  name: 'sqld over http (workerd)',
  make: async () => {
    const s = await migratedLibsql(inject('sqldUrl'))
    return { outbox: libsqlOutboxRepo(s.db), payments: s.payments, tenants: s.tenants }
  },
})
