/**
 * Incremental hashing for data that never sits whole in memory (RTD input files of any size). WebCrypto has no
 * incremental digest, so the implementation is an adapter (adapters/crypto/sha256-hasher.ts, node:crypto).
 * @module
 */

export interface Hasher {
  /** Feeds the next bytes, in order. */
  update(bytes: Uint8Array): void
  /** The digest of everything fed, lower-case hex. Call once; the hasher is done afterwards. */
  hexDigest(): string
}

/** A fresh SHA-256 hasher per call. */
export type NewHasher = () => Hasher
