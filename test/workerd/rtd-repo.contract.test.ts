/** The RtdRepo contract inside workerd, against a real sqld over http (@libsql/client's web build), from two clients. */

import { inject } from 'vitest'
import { openDb } from '../../adapters/libsql/index.ts'
import { rtdRepoContract } from '../contract/rtd-repo.contract.ts'
import { libsqlRtdStorage } from '../contract/rtd-repo.libsql.ts'

rtdRepoContract('sqld over http (workerd), two clients', () =>
  libsqlRtdStorage(openDb({ url: inject('sqldUrl') }), openDb({ url: inject('sqldUrl') })),
)
