/** Agile billing in Node: the runtime-neutral contract (test/contract/billing-routes.contract.ts) on embedded libSQL. @module */

import { createNodeXsdValidator } from '../../adapters/fatturapa/xsd/node.ts'
import { runBillingRouteContract } from '../contract/billing-routes.contract.ts'
import { makeHarness } from '../contract/route-harness.ts'

runBillingRouteContract('Node, embedded libSQL', async () => {
  const h = await makeHarness({
    dbUrl: ':memory:',
    over: { xsd: createNodeXsdValidator },
    env: { CRON_SECRET: 'billing-cron-secret-0123456789' },
  })
  return { ...h, request: async (path: string, init?: RequestInit) => h.app.request(path, init) }
})
