/**
 * Opencity's "Test flusso standard" inside workerd: sqld, the sandbox intermediaries and REST Proxy in-process.
 * @module
 */

import { inject } from 'vitest'
import { CHECKLIST_ENV, inProcessChecklist, runOpencityChecklist } from '../contract/opencity-checklist.contract.ts'
import { makeHarness } from '../contract/route-harness.ts'

runOpencityChecklist('workerd, sqld', async () => inProcessChecklist(await makeHarness({ dbUrl: inject('sqldUrl'), env: CHECKLIST_ENV })))
