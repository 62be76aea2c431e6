import { inject } from 'vitest'
import { createEdgeXsdValidator } from '../../adapters/fatturapa/xsd/edge.ts'
import { runFatturapaRouteContract } from '../contract/fatturapa-routes.contract.ts'
import { makeHarness } from '../contract/route-harness.ts'
import { BILLION_LAUGHS, FPR03 } from './fixtures/fatturapa-samples.ts'

runFatturapaRouteContract(
  'workerd, sqld over http',
  () => makeHarness({ dbUrl: inject('sqldUrl'), over: { xsd: createEdgeXsdValidator } }),
  {
    fpr03: FPR03,
    billionLaughs: BILLION_LAUGHS,
  },
)
