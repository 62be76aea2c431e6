/**
 * FileEncryptor: seals a file for one recipient so that only the holder of the matching private key
 * opens it (RTD: each ADE aggregate chunk, for pagoPA's public key; pagopa.md B2.1, B4.1 "PGP").
 * Input and output are byte streams: a chunk of any size passes through without being held whole.
 * The recipient key arrives as armored text (as pagoPA serves it); `checkRecipientKey` validates a
 * freshly fetched key and names it (fingerprint, algorithm) so the caller can log or pin it.
 * @module
 */

import type { Result } from '../core/result.ts'

/** Why a recipient key cannot be used. Expected failures: a bad key from the network is returned, not thrown. */
export type RecipientKeyError =
  | { readonly code: 'recipient_key.unreadable'; readonly detail: string }
  /** A secret (private) key was given where a public key is expected: refused, so it is never sent or logged further. */
  | { readonly code: 'recipient_key.is_private'; readonly fingerprint: string }
  | { readonly code: 'recipient_key.expired'; readonly fingerprint: string; readonly expiredAt: Date | null }
  | { readonly code: 'recipient_key.revoked'; readonly fingerprint: string }
  /** No valid subkey (or primary key) is flagged for encryption (e.g. a signing-only key). */
  | { readonly code: 'recipient_key.no_encryption_key'; readonly fingerprint: string; readonly detail: string }
  /** The key uses an algorithm or size below policy (e.g. RSA under 2048 bits). */
  | { readonly code: 'recipient_key.too_weak'; readonly fingerprint: string; readonly detail: string }
  /** A checked key whose fingerprint differs from the one the caller pinned. */
  | { readonly code: 'recipient_key.fingerprint_mismatch'; readonly fingerprint: string; readonly expected: string }

/** A usable recipient key, described. Fingerprints are upper-case hex without spaces (as `gpg --with-colons` prints them). */
export type RecipientKeyInfo = {
  readonly fingerprint: string
  /** The (sub)key the data is actually encrypted to. */
  readonly encryptionKeyFingerprint: string
  /** e.g. `rsa3072`, `cv25519`, `ed25519`: the primary key's algorithm, as gpg names it. */
  readonly algorithm: string
  /** The encryption (sub)key's algorithm, same naming. */
  readonly encryptionAlgorithm: string
  readonly userIds: readonly string[]
  readonly createdAt: Date
  /** null: never expires. */
  readonly expiresAt: Date | null
}

export type EncryptOptions = {
  /** Name recorded inside the envelope for the plain file (gpg shows it; `--decrypt` ignores it). */
  readonly fileName?: string
  /** Refuse the key unless its primary fingerprint equals this (any case, spaces ignored). */
  readonly expectedFingerprint?: string
}

export interface FileEncryptor {
  /** Reads an armored public key and checks it can encrypt now; never throws for a bad key. */
  checkRecipientKey(
    armoredPublicKey: string,
    options?: Pick<EncryptOptions, 'expectedFingerprint'>,
  ): Promise<Result<RecipientKeyInfo, RecipientKeyError>>
  /**
   * Encrypts `plain` for the key. Resolves as soon as the key is checked; the returned stream yields
   * the binary (not armored) encrypted file while `plain` is still being read. A failure of `plain`
   * errors the returned stream; cancelling the returned stream cancels `plain`.
   */
  encrypt(
    plain: ReadableStream<Uint8Array>,
    armoredPublicKey: string,
    options?: EncryptOptions,
  ): Promise<Result<ReadableStream<Uint8Array>, RecipientKeyError>>
}
