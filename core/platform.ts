/**
 * Platform: a system (an Opencity Core) that integrates Varco machine to machine with one platform
 * key. It creates tenants with its own ids and manages them, their services, payments and imports.
 * @module
 */

export type Platform = {
  readonly id: string
  readonly name: string
  readonly createdAt: Date
  /** Set by `varco platform revoke`: its keys stop working at once. */
  readonly revokedAt: Date | null
}

/** A platform key's stored form: its public id and a SHA-256 hash; the key itself is never stored. */
export type PlatformCredential = {
  readonly keyId: string
  readonly platformId: string
  readonly hash: string
  readonly createdAt: Date
  /** Set when the key or its platform is revoked. */
  readonly revokedAt: Date | null
  /** The end of a rotated key's grace period (absent or null: none). */
  readonly expiresAt?: Date | null
}
