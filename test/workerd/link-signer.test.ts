import { runLinkSignerCases } from '../contract/link-signer.cases.ts'

runLinkSignerCases('workerd')
