/**
 * Reads and checks a recipient's armored OpenPGP public key with openpgp (v6): refuses private keys,
 * expired or revoked keys, keys without a usable encryption (sub)key, RSA under 2048 bits and
 * algorithms openpgp rejects; names the key as gpg does (`rsa3072`, `cv25519`, upper-case fingerprint).
 * @module
 */

import * as openpgp from 'openpgp'
import { err, ok, type Result } from '../../core/result.ts'
import type { RecipientKeyError, RecipientKeyInfo } from '../../ports/file-encryptor.port.ts'

/** RFC 4880 / gpg: RSA keys shorter than this are refused (openpgp's own floor is 2047). */
const MIN_RSA_BITS = 2048

/** A checked key: what the port describes plus the parsed openpgp key the encryptor uses. */
export type CheckedRecipientKey = { readonly info: RecipientKeyInfo; readonly key: openpgp.PublicKey }

/** Reads and checks `armored` as of `now`; `expectedFingerprint` pins the primary key. */
export async function checkRecipientKey(
  armored: string,
  now: Date,
  expectedFingerprint?: string,
): Promise<Result<CheckedRecipientKey, RecipientKeyError>> {
  let key: openpgp.Key
  try {
    key = await openpgp.readKey({ armoredKey: armored })
  } catch (e) {
    return err({ code: 'recipient_key.unreadable', detail: messageOf(e) })
  }
  const fingerprint = key.getFingerprint().toUpperCase()
  if (key.isPrivate()) return err({ code: 'recipient_key.is_private', fingerprint })
  if (expectedFingerprint !== undefined) {
    const expected = expectedFingerprint.replace(/\s+/g, '').toUpperCase()
    if (expected !== fingerprint) return err({ code: 'recipient_key.fingerprint_mismatch', fingerprint, expected })
  }
  const weak = weakness(key.getAlgorithmInfo())
  if (weak) return err({ code: 'recipient_key.too_weak', fingerprint, detail: weak })
  if (await key.isRevoked(undefined, undefined, now)) return err({ code: 'recipient_key.revoked', fingerprint })
  const expiresAt = await expiryOf(key)
  if (expiresAt !== null && expiresAt.getTime() <= now.getTime()) {
    return err({ code: 'recipient_key.expired', fingerprint, expiredAt: expiresAt })
  }
  try {
    await key.verifyPrimaryKey(now)
  } catch (e) {
    // Expiry and revocation are caught above; what is left is a broken or missing self-signature.
    return err({ code: 'recipient_key.unreadable', detail: messageOf(e) })
  }
  let encryptionKey: openpgp.Key | openpgp.Subkey
  try {
    encryptionKey = await key.getEncryptionKey(undefined, now)
  } catch (e) {
    return err({ code: 'recipient_key.no_encryption_key', fingerprint, detail: messageOf(e) })
  }
  const encWeak = weakness(encryptionKey.getAlgorithmInfo())
  if (encWeak) return err({ code: 'recipient_key.too_weak', fingerprint, detail: encWeak })
  const info: RecipientKeyInfo = {
    fingerprint,
    encryptionKeyFingerprint: encryptionKey.getFingerprint().toUpperCase(),
    algorithm: gpgName(key.getAlgorithmInfo()),
    encryptionAlgorithm: gpgName(encryptionKey.getAlgorithmInfo()),
    userIds: key.getUserIDs(),
    createdAt: key.getCreationTime(),
    expiresAt,
  }
  return ok({ info, key: key.toPublic() })
}

/** The primary key's expiry, or null when it never expires. */
async function expiryOf(key: openpgp.Key): Promise<Date | null> {
  try {
    const t = await key.getExpirationTime()
    return t instanceof Date ? t : null
  } catch {
    // openpgp throws when no valid self-signature exists; verifyPrimaryKey reports that.
    return null
  }
}

function weakness(info: openpgp.AlgorithmInfo): string | null {
  if (info.algorithm.startsWith('rsa') && (info.bits ?? 0) < MIN_RSA_BITS) {
    return `RSA key of ${info.bits ?? 0} bits; at least ${MIN_RSA_BITS} required`
  }
  if (info.algorithm === 'dsa' || info.algorithm === 'elgamal') return `${info.algorithm} keys are not accepted`
  return null
}

/** gpg's short names: rsa3072, cv25519, ed25519, nistp256, … */
export function gpgName(info: openpgp.AlgorithmInfo): string {
  if (info.algorithm.startsWith('rsa')) return `rsa${info.bits ?? ''}`
  if (info.algorithm === 'x25519') return 'cv25519'
  if (info.algorithm === 'x448') return 'cv448'
  if (info.algorithm === 'ed25519' || info.algorithm === 'ed448') return info.algorithm
  switch (info.curve) {
    case 'curve25519Legacy':
      return 'cv25519'
    case 'ed25519Legacy':
      return 'ed25519'
    case undefined:
      return info.algorithm
    default:
      return info.curve.toLowerCase()
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
