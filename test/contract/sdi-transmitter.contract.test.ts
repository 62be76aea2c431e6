/** The SdiTransmitter contract in Node: the OpenAPI.it adapter against its simulator, judging files with the Node XSD validator. */

import { createNodeXsdValidator } from '../../adapters/fatturapa/xsd/node.ts'
import { simHarness } from '../adapters/openapi-sdi/harness.ts'
import { runSdiTransmitterContract } from './sdi-transmitter.contract.ts'

runSdiTransmitterContract({
  name: 'OpenAPI.it adapter ↔ OpenAPI.it simulator (in-process) [node]',
  make: async () => (await simHarness({ xsd: await createNodeXsdValidator() })).harness,
})
