/**
 * Configuration problems worth showing on /status: the active tenants that collect through pagoPA
 * (an active PAGOPA service on the pagopa intermediary) but have no accredit IBAN of their own.
 * @module
 */

export type TenantWithoutIban = { readonly tenantId: string; readonly serviceIds: readonly string[] }

/** At most `limit` tenants, ordered by id. */
export type ListTenantsWithoutIban = (limit: number) => Promise<TenantWithoutIban[]>
