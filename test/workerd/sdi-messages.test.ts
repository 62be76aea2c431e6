/**
 * The simulator's SDI notifications validated inside workerd: the shared suite
 * (test/contract/sdi-messages.contract.ts) with the SDI message validator of the vendored libxml2
 * (adapters/fatturapa/xsd/edge.ts), the same schema and xmldsig as in Node.
 */

import { describe, expect, it } from 'vitest'
import { createEdgeXsdValidator, createSdiMessageValidator } from '../../adapters/fatturapa/xsd/edge.ts'
import { runSdiMessagesSuite } from '../contract/sdi-messages.contract.ts'

runSdiMessagesSuite('workerd, the vendored libxml2-wasm (adapters/fatturapa/xsd/edge.ts)', createSdiMessageValidator)

describe('the SDI message validator in workerd', () => {
  it('is compiled once per isolate and is not the FatturaPA validator', async () => {
    const sdi = await createSdiMessageValidator()
    expect(await createSdiMessageValidator()).toBe(sdi)
    expect(sdi).not.toBe(await createEdgeXsdValidator())
  })
})
