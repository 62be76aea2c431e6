/** The SdiRepo contract inside workerd, against a real sqld over http (@libsql/client's web build). */

import { inject } from 'vitest'
import { openDb } from '../../adapters/libsql/index.ts'
import { runSdiStorageContract } from '../contract/sdi-storage.contract.ts'
import { libsqlSdiStorage } from '../contract/sdi-storage.libsql.ts'

runSdiStorageContract({ name: 'sqld over http (workerd)', make: () => libsqlSdiStorage(openDb({ url: inject('sqldUrl') })) })
