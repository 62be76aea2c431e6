/** The end-to-end walks (test/e2e/walks.ts) against the `npm run build` bundle, run by workerd as uploaded. */
import { registerWalks } from './walks.ts'

registerWalks('bundle')
