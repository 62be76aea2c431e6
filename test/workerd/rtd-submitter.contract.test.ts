/** The RtdSubmitter contract inside workerd: the same cases as in Node, the pagoPA RTD adapter against its simulator in-process. */

import { rtdSimHarness } from '../adapters/rtd-pagopa/harness.ts'
import { runRtdSubmitterContract } from '../contract/rtd-submitter.contract.ts'

runRtdSubmitterContract({
  name: 'pagoPA RTD adapter ↔ RTD simulator (in-process) [workerd]',
  make: async () => (await rtdSimHarness()).harness,
})
