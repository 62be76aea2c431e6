/**
 * The FatturaPA XSD validator of Node and Deno (libxml2-wasm as published), loaded on first use so
 * that starting the gateway or running any other CLI command does not pay for compiling libxml2.
 * @module
 */

import type { XsdValidator } from '../../ports/xsd-validator.port.ts'

export const nodeXsd = (): Promise<XsdValidator> => import('../../adapters/fatturapa/xsd/node.ts').then((m) => m.createNodeXsdValidator())
