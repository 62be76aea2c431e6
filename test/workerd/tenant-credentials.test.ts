import { inject } from 'vitest'
import { makeHarness } from '../contract/route-harness.ts'
import { runTenantCredentialsContract } from '../contract/tenant-credentials.contract.ts'

runTenantCredentialsContract({
  name: 'workerd, sqld over http',
  make: ({ env }) => makeHarness({ dbUrl: inject('sqldUrl'), ...(env ? { env } : {}) }),
})
