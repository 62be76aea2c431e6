/** The BillingRepo contract inside workerd, against a real sqld over http (@libsql/client's web build), from two clients. */

import { inject } from 'vitest'
import { openDb } from '../../adapters/libsql/index.ts'
import { runBillingStorageContract } from '../contract/billing-storage.contract.ts'
import { libsqlBillingStorage } from '../contract/billing-storage.libsql.ts'

runBillingStorageContract({
  name: 'sqld over http (workerd), two clients',
  make: () => libsqlBillingStorage(openDb({ url: inject('sqldUrl') }), openDb({ url: inject('sqldUrl') })),
})
