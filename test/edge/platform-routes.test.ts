/** Platform keys in Node: the runtime-neutral contracts (test/contract/platform-*.contract.ts) on embedded libSQL. @module */

import { runPlatformMatrix } from '../contract/platform-matrix.contract.ts'
import { runPlatformRouteContract } from '../contract/platform-routes.contract.ts'
import { harness } from './harness.ts'

runPlatformMatrix({ name: 'Node, embedded libSQL', make: () => harness() })
runPlatformRouteContract({ name: 'Node, embedded libSQL', make: () => harness() })
