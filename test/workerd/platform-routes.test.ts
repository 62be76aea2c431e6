/** Platform keys inside workerd: the same contracts as Node, over sqld. @module */

import { inject } from 'vitest'
import { runPlatformMatrix } from '../contract/platform-matrix.contract.ts'
import { runPlatformRouteContract } from '../contract/platform-routes.contract.ts'
import { makeHarness } from '../contract/route-harness.ts'

runPlatformMatrix({ name: 'workerd, sqld over http', make: () => makeHarness({ dbUrl: inject('sqldUrl') }) })
runPlatformRouteContract({ name: 'workerd, sqld over http', make: () => makeHarness({ dbUrl: inject('sqldUrl') }) })
