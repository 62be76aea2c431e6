import { runCapabilityLinkContract } from '../contract/capability-links.contract.ts'
import { harness } from './harness.ts'

runCapabilityLinkContract({ name: 'Node, embedded libSQL', make: () => harness() })
