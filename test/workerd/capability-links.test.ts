import { inject } from 'vitest'
import { runCapabilityLinkContract } from '../contract/capability-links.contract.ts'
import { makeHarness } from '../contract/route-harness.ts'

runCapabilityLinkContract({ name: 'workerd, sqld over http', make: () => makeHarness({ dbUrl: inject('sqldUrl') }) })
