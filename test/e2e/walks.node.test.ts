/** The end-to-end walks (test/e2e/walks.ts) against the Node entry, as `npm start` runs it. */
import { registerWalks } from './walks.ts'

registerWalks('node')
