import { inject } from 'vitest'
import { createEdgeXsdValidator } from '../../adapters/fatturapa/xsd/edge.ts'
import { runBillingRouteContract } from '../contract/billing-routes.contract.ts'
import { makeHarness } from '../contract/route-harness.ts'

runBillingRouteContract('workerd, sqld over http', async () => {
  const h = await makeHarness({
    dbUrl: inject('sqldUrl'),
    over: { xsd: createEdgeXsdValidator },
    env: { CRON_SECRET: 'billing-cron-secret-0123456789' },
  })
  return { ...h, request: async (path: string, init?: RequestInit) => h.app.request(path, init) }
})
