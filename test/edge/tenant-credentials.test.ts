import { runTenantCredentialsContract } from '../contract/tenant-credentials.contract.ts'
import { harness } from './harness.ts'

runTenantCredentialsContract({ name: 'Node, embedded libSQL', make: ({ env }) => harness({}, env) })
