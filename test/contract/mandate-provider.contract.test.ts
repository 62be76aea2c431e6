/** The MandateProvider contract in Node: every row of the mandate matrix that runs here. */

import { runMandateProviderMatrix } from './mandate-provider.matrix.ts'

runMandateProviderMatrix('node')
