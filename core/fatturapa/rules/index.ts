/**
 * The SdI content checks (layer `sdi`) and the identifier checks (layer `identifier`) over a parsed
 * FatturaPA tree. Re-exports only; see each rules file for its codes and sources.
 * @module
 */

export { checkBatch } from './batch-rules.ts'
export { checkBody } from './body-rules.ts'
export { checkHeader } from './header-rules.ts'
export { checkIdentifiers } from './identifier-rules.ts'
export { checkSdiRules, SDI_CODES } from './sdi-rules.ts'
export { checkLineTotal, checkVat } from './vat-rules.ts'
