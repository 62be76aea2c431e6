/** The RtdSubmitter contract in Node: the pagoPA RTD adapter against its simulator, in-process. */

import { rtdSimHarness } from '../adapters/rtd-pagopa/harness.ts'
import { runRtdSubmitterContract } from './rtd-submitter.contract.ts'

runRtdSubmitterContract({
  name: 'pagoPA RTD adapter ↔ RTD simulator (in-process) [node]',
  make: async () => (await rtdSimHarness()).harness,
})
