/**
 * The authenticated caller of a non-public route: a tenant (from its API key) and a user with a role
 * (from the JWT). Every use case that reads or writes tenant data takes it as its scope.
 * @module
 */

import type { Role } from './errors.ts'

export type Principal = {
  readonly tenantId: string
  readonly userId: string
  readonly role: Role
  /** Public id of the API key used, for audit; never the key itself. */
  readonly keyId: string
}
