/**
 * Opencity's "Test flusso standard" inside workerd: sqld, the sandbox intermediaries and REST Proxy in-process.
 * @module
 */

import { inject } from 'vitest'
import { provisionPlatform } from '../../core/use-cases/platforms.ts'
import { CHECKLIST_ENV, runOpencityChecklist } from '../contract/opencity-checklist.contract.ts'
import { makeHarness } from '../contract/route-harness.ts'

runOpencityChecklist('workerd, sqld', async () => {
  const h = await makeHarness({ dbUrl: inject('sqldUrl'), env: CHECKLIST_ENV })
  return {
    ...h,
    platform: async () => {
      const r = await provisionPlatform(h.deps, { name: 'Opencity Italia' }, h.clock())
      if (!r.ok) throw new Error(r.error.code)
      return { id: r.value.platform.id, key: r.value.apiKey }
    },
  }
})
