/**
 * The SdiTransmitter contract inside workerd: the same cases as in Node, the OpenAPI.it adapter
 * against its simulator in-process, files judged with the edge XSD validator.
 */

import { createEdgeXsdValidator } from '../../adapters/fatturapa/xsd/edge.ts'
import { simHarness } from '../adapters/openapi-sdi/harness.ts'
import { runSdiTransmitterContract } from '../contract/sdi-transmitter.contract.ts'

runSdiTransmitterContract({
  name: 'OpenAPI.it adapter ↔ OpenAPI.it simulator (in-process) [workerd]',
  make: async () => (await simHarness({ xsd: await createEdgeXsdValidator() })).harness,
})
