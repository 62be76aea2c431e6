/**
 * Opencity's "Test flusso standard" on Node: embedded libSQL, the sandbox intermediaries and REST Proxy in-process.
 * @module
 */

import { CHECKLIST_ENV, inProcessChecklist, runOpencityChecklist } from '../contract/opencity-checklist.contract.ts'
import { makeHarness } from '../contract/route-harness.ts'

runOpencityChecklist('Node, embedded libSQL', async () => inProcessChecklist(await makeHarness({ dbUrl: ':memory:', env: CHECKLIST_ENV })))
