/** Key rotation and revocation inside workerd over sqld, including a second instance on the same database. @module */

import { inject } from 'vitest'
import { runKeyRotationContract } from '../contract/key-rotation.contract.ts'
import { makeHarness } from '../contract/route-harness.ts'

runKeyRotationContract({ name: 'workerd, sqld over http', make: () => makeHarness({ dbUrl: inject('sqldUrl') }), sharedDb: true })
