/** The PaymentProvider contract in Node: every row of the provider matrix that runs here. */

import { runPaymentProviderMatrix } from './payment-provider.matrix.ts'

runPaymentProviderMatrix('node')
