/** The end-to-end walks (test/e2e/walks.ts) against the Deno entry, as `npm run start:deno` runs it. */
import { registerWalks } from './walks.ts'

registerWalks('deno')
