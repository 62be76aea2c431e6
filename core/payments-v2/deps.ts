/** What the payments v2 use cases need, as ports (built once per isolate by edge/deps/payments-v2.ts). @module */

import type { Clock } from '../../ports/clock.port.ts'
import type { NewId } from '../../ports/id-gen.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { Creditor } from '../../ports/payment-provider.port.ts'
import type { PaymentsV2Repo } from '../../ports/payments-v2-repo.port.ts'
import type { ProviderConfigRepo } from '../../ports/provider-config-repo.port.ts'
import type { SecretBox } from '../../ports/secret-box.port.ts'
import type { TenantProviders } from '../../ports/tenant-providers.port.ts'
import type { WebhookInbox } from '../../ports/webhook-inbox.port.ts'

export type PaymentsV2Deps = {
  readonly clock: Clock
  readonly newId: NewId
  readonly logger: Logger
  readonly secretBox: SecretBox
  readonly configs: ProviderConfigRepo
  readonly store: PaymentsV2Repo
  readonly providers: TenantProviders
  /** Deliveries of provider webhooks already processed. */
  readonly inbox: WebhookInbox
  /** The creditor as providers need it (name, tax id); null when the tenant is gone. */
  readonly creditorOf: (tenantId: string) => Promise<Creditor | null>
  /** Default return URL for mandate signing pages. */
  readonly publicUrl: string
}
