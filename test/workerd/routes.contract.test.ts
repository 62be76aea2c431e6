import { inject } from 'vitest'
import { runConfigFormsContract } from '../contract/config-forms.contract.ts'
import { makeHarness } from '../contract/route-harness.ts'
import { runRouteContract } from '../contract/routes.contract.ts'

runRouteContract({ name: 'workerd, sqld over http', make: () => makeHarness({ dbUrl: inject('sqldUrl') }) })
runConfigFormsContract({ name: 'workerd, sqld over http', make: () => makeHarness({ dbUrl: inject('sqldUrl') }) })
