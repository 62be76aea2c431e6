import { inject } from 'vitest'
import { createEdgeXsdValidator } from '../../adapters/fatturapa/xsd/edge.ts'
import { makeHarness } from '../contract/route-harness.ts'
import { runSdiRouteContract } from '../contract/sdi-routes.contract.ts'

runSdiRouteContract('workerd, sqld over http', async () => {
  const h = await makeHarness({ dbUrl: inject('sqldUrl'), over: { xsd: createEdgeXsdValidator } })
  return { ...h, request: async (path: string, init?: RequestInit) => h.app.request(path, init) }
})
