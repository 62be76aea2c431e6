/**
 * A tenant's subscription state (auth-ms billing): `suspended` and `expired` tenants are refused
 * with 402 on the Agile API. Stored with the tenant; absent tenants read as null.
 * @module
 */

import type { BillingStatus } from '../core/payments-v2/model.ts'

export interface TenantBillingRepo {
  get(tenantId: string): Promise<BillingStatus | null>
  /** false when the tenant does not exist. */
  set(tenantId: string, status: BillingStatus): Promise<boolean>
}
