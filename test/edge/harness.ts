/** Node flavour of the route harness: embedded libSQL (as `npm start` uses) and files of public/. @module */

import type { Deps } from '../../edge/deps/index.ts'
import { fileAssets } from '../../edge/local/assets.ts'
import { openLocalDb } from '../../edge/local/db.ts'
import { PUBLIC_DIR } from '../../edge/local/serve.ts'
import { makeHarness } from '../contract/route-harness.ts'

export { SECRET } from '../contract/route-harness.ts'

export function harness(over: Partial<Deps> = {}, env: Record<string, string> = {}) {
  const dbUrl = env['VARCO_DB_URL'] ?? ':memory:'
  return makeHarness({ dbUrl, db: openLocalDb(dbUrl), over, env, readAsset: fileAssets(PUBLIC_DIR) })
}
