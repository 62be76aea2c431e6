/**
 * Opencity's "Test flusso standard" on Node: embedded libSQL, the sandbox intermediaries and REST Proxy in-process.
 * @module
 */

import { provisionPlatform } from '../../core/use-cases/platforms.ts'
import { CHECKLIST_ENV, runOpencityChecklist } from '../contract/opencity-checklist.contract.ts'
import { makeHarness } from '../contract/route-harness.ts'

runOpencityChecklist('Node, embedded libSQL', async () => {
  const h = await makeHarness({ dbUrl: ':memory:', env: CHECKLIST_ENV })
  return {
    ...h,
    platform: async () => {
      const r = await provisionPlatform(h.deps, { name: 'Opencity Italia' }, h.clock())
      if (!r.ok) throw new Error(r.error.code)
      return { id: r.value.platform.id, key: r.value.apiKey }
    },
  }
})
