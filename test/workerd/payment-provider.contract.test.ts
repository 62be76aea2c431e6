/**
 * The PaymentProvider contract inside workerd: the same rows as the Node run (test/contract/
 * payment-provider.matrix.ts), each adapter against its simulator's Hono app in-process through a
 * fetch that skips only the socket, with the same skips and reasons.
 * @module
 */

import { runPaymentProviderMatrix } from '../contract/payment-provider.matrix.ts'

runPaymentProviderMatrix('workerd')
