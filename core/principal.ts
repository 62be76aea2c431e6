/**
 * The authenticated caller of a non-public route. Two kinds:
 * - a tenant (from its API key `vk_…`) and a user with a role (from the JWT): every use case that
 *   reads or writes tenant data takes it as its scope, on every API;
 * - a platform (from its platform key `vp_…`, machine to machine, no JWT): an Opencity Core that
 *   acts as admin of the tenants it created, on the proxy API only.
 * @module
 */

import type { Role } from './errors.ts'

/** A tenant's user: `X-API-Key: vk_…` and a JWT of the same tenant. */
export type Principal = {
  readonly kind: 'tenant'
  readonly tenantId: string
  readonly userId: string
  readonly role: Role
  /** Public id of the API key used, for audit; never the key itself. */
  readonly keyId: string
}

/** A platform: `X-API-Key: vp_…` alone. Admin of the tenants it created, and of nothing else. */
export type PlatformPrincipal = {
  readonly kind: 'platform'
  readonly platformId: string
  readonly role: 'admin'
  readonly keyId: string
}

/** Whoever called: what the proxy API's use cases take as their scope. */
export type Caller = Principal | PlatformPrincipal
