import { runRouteContract } from '../contract/routes.contract.ts'
import { harness } from './harness.ts'

runRouteContract({ name: 'Node, embedded libSQL', make: () => harness() })
