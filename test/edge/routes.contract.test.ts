import { runConfigFormsContract } from '../contract/config-forms.contract.ts'
import { runRouteContract } from '../contract/routes.contract.ts'
import { harness } from './harness.ts'

runRouteContract({ name: 'Node, embedded libSQL', make: () => harness() })
runConfigFormsContract({ name: 'Node, embedded libSQL', make: () => harness() })
