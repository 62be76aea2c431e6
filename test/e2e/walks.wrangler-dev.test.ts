/** The end-to-end walks (test/e2e/walks.ts) against `npm run dev:worker` (wrangler dev, workerd, sqld). */
import { registerWalks } from './walks.ts'

registerWalks('wrangler-dev')
