/**
 * The MandateProvider contract inside workerd: the same rows as the Node run
 * (test/contract/mandate-provider.matrix.ts), including the sandbox set-up that dispatches
 * `/sandbox/...` to the Hono app exactly as a Worker in sandbox mode does.
 * @module
 */

import { runMandateProviderMatrix } from '../contract/mandate-provider.matrix.ts'

runMandateProviderMatrix('workerd')
