/**
 * Result: expected failures are values, not exceptions. Bugs and broken invariants still throw.
 * @module
 */

export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E }

/** @example `return ok(tenant)` */
export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value })

/** @example `return err({ code: 'tenant.not_found', tenantId })` */
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error })

/** Compile-time exhaustiveness check for `switch` over a union. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`)
}
