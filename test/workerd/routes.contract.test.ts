import { inject } from 'vitest'
import { makeHarness } from '../contract/route-harness.ts'
import { runRouteContract } from '../contract/routes.contract.ts'

runRouteContract({ name: 'workerd, sqld over http', make: () => makeHarness({ dbUrl: inject('sqldUrl') }) })
