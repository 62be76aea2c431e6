/** The shared failed-authentication limit inside workerd: two app instances on one sqld. @module */

import { inject } from 'vitest'
import { runSharedThrottleContract, SHARED_LIMIT_ENV } from '../contract/auth-throttle-shared.contract.ts'
import { makeHarness } from '../contract/route-harness.ts'

// No VARCO_AUTH_FAIL_STORE: on a remote database the shared store is the default.
const { VARCO_AUTH_FAIL_STORE: _default, ...env } = SHARED_LIMIT_ENV
runSharedThrottleContract({ name: 'workerd, sqld over http', make: () => makeHarness({ dbUrl: inject('sqldUrl'), env }) })
