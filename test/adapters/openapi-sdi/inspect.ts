/** The simulator's real inspector lives with the wiring (edge/deps/sdi-inspect.ts); tests import it from here. @module */

export { realInspector, toInvoiceFacts } from '../../../edge/deps/sdi-inspect.ts'
