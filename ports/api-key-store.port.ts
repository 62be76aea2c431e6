/**
 * The keys of one owner kind (tenant `vk_…` keys in `api_keys`, platform `vp_…` keys in
 * `platform_keys`) for rotation and revocation. A key is valid until it is revoked (`revokedAt`:
 * stopped, whatever the clocks of the hosts say) or its grace period ends (`expiresAt`, set by a
 * rotation). Only hashes are stored.
 * @module
 */

/** A stored key as listed to an operator: never its hash. */
export type StoredKey = {
  readonly keyId: string
  readonly ownerId: string
  readonly createdAt: Date
  readonly revokedAt: Date | null
  /** The end of its grace period after a rotation; null while it has none. */
  readonly expiresAt: Date | null
}

export interface ApiKeyStore {
  /**
   * Atomically adds a key to `ownerId` and ends the owner's other live keys: at `graceEnd` (an
   * earlier end already set stays), or, when null, revokes them at the new key's `createdAt`.
   * False, writing nothing, when the owner does not exist or is revoked (a platform).
   */
  rotate(
    ownerId: string,
    key: { readonly keyId: string; readonly hash: string; readonly createdAt: Date },
    graceEnd: Date | null,
  ): Promise<boolean>
  /** Revokes the key. `not_found` when the owner has no key with this id; `already` when it was revoked (nothing written). */
  revoke(ownerId: string, keyId: string, at: Date): Promise<'revoked' | 'already' | 'not_found'>
  /** The owner's keys, oldest first. */
  list(ownerId: string): Promise<StoredKey[]>
}
