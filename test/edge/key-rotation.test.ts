/** Key rotation and revocation on Node: embedded libSQL in memory, through the app and its read cache. @module */

import { runKeyRotationContract } from '../contract/key-rotation.contract.ts'
import { harness } from './harness.ts'

runKeyRotationContract({ name: 'node, embedded libSQL', make: () => harness() })
