/**
 * API keys: `vk_<keyId>_<secret>` (tenants) and `vp_<keyId>_<secret>` (platforms). The key id is public and indexes the credential; only a hash of
 * the whole key is stored, and comparison is constant-time.
 * @module
 */
export interface ApiKeyCodec {
  /** A new random key: the plaintext (shown once), its public id and its hash. */
  issue(): Promise<{ readonly plaintext: string; readonly keyId: string; readonly hash: string }>
  /** The key id of a well-formed key, or null. Does no crypto. */
  keyIdOf(presented: string): string | null
  /** True when `presented` hashes to `hash`; runs in time independent of where they differ. */
  matches(presented: string, hash: string): Promise<boolean>
}
