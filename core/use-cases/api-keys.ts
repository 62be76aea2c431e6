/**
 * Rotation and revocation of tenant (`vk_…`) and platform (`vp_…`) keys. Rotation issues a new key
 * (returned once, only its hash stored) and keeps the owner's other keys valid for a grace period,
 * then they stop on the clock; without a grace period they are revoked at once. Revocation stops one
 * key now. A revoked key is refused whatever the clocks say (no skew between the host that revoked
 * and the one that authenticates); only a grace period's end is compared with now (./authenticate.ts).
 * @module
 */

import type { ApiKeyCodec } from '../../ports/api-key-codec.port.ts'
import type { ApiKeyStore, StoredKey } from '../../ports/api-key-store.port.ts'
import type { DomainError } from '../errors.ts'
import { err, ok, type Result } from '../result.ts'
import { isUuid } from '../tenant.ts'

export type KeyOwnerKind = 'tenant' | 'platform'

export type KeyRotationDeps = { readonly store: ApiKeyStore; readonly codec: ApiKeyCodec; readonly kind: KeyOwnerKind }

/** The longest grace period accepted: 30 days (a longer overlap is a second key, not a rotation). */
export const MAX_GRACE_MS = 30 * 86_400_000

/** True when a key is neither revoked nor past its grace period at `now`. */
export const keyValidAt = (key: { readonly revokedAt: Date | null; readonly expiresAt?: Date | null | undefined }, now: Date): boolean =>
  key.revokedAt === null && (key.expiresAt == null || key.expiresAt.getTime() > now.getTime())

const PREFIX: Record<KeyOwnerKind, string> = { tenant: 'vk', platform: 'vp' }

/** The key id named by `ref`: the 12 hex digits alone, or `vk_<id>`/`vp_<id>` of the right kind; null otherwise. */
export function keyIdFromRef(kind: KeyOwnerKind, ref: string): string | null {
  const m = /^(?:(v[kp])_)?([0-9a-f]{12})$/.exec(ref.trim().toLowerCase())
  if (!m || (m[1] !== undefined && m[1] !== PREFIX[kind])) return null
  return m[2] ?? null
}

/**
 * A new key for the owner; its other keys stop at `now + graceMs` (0: at once).
 * @example rotateKey(deps, tenantId, 3_600_000, now) // { keyId, apiKey: 'vk_…', oldKeysEndAt }
 */
export async function rotateKey(
  deps: KeyRotationDeps,
  ownerId: string,
  graceMs: number,
  now: Date,
): Promise<Result<{ keyId: string; apiKey: string; oldKeysEndAt: Date }, DomainError>> {
  const id = ownerId.toLowerCase()
  if (!Number.isSafeInteger(graceMs) || graceMs < 0 || graceMs > MAX_GRACE_MS) {
    return err({ code: 'validation', issues: [{ path: 'grace', message: 'must be between 0 and 30 days' }] })
  }
  const notFound = err<DomainError>({ code: 'not_found', resource: deps.kind, id: ownerId })
  if (!isUuid(id)) return notFound
  const key = await deps.codec.issue()
  const oldKeysEndAt = new Date(now.getTime() + graceMs)
  const done = await deps.store.rotate(id, { keyId: key.keyId, hash: key.hash, createdAt: now }, graceMs === 0 ? null : oldKeysEndAt)
  return done ? ok({ keyId: key.keyId, apiKey: key.plaintext, oldKeysEndAt }) : notFound
}

/** Revokes one of the owner's keys now; revoking it again changes nothing. */
export async function revokeKey(
  deps: Pick<KeyRotationDeps, 'store' | 'kind'>,
  ownerId: string,
  keyRef: string,
  now: Date,
): Promise<Result<StoredKey, DomainError>> {
  const id = ownerId.toLowerCase()
  const keyId = keyIdFromRef(deps.kind, keyRef)
  if (keyId === null) {
    return err({
      code: 'validation',
      issues: [{ path: 'key', message: `must be a key id (12 hex digits) or ${PREFIX[deps.kind]}_<key id>` }],
    })
  }
  const notFound = err<DomainError>({ code: 'not_found', resource: `${deps.kind} key`, id: keyId })
  if (!isUuid(id) || (await deps.store.revoke(id, keyId, now)) === 'not_found') return notFound
  const stored = (await deps.store.list(id)).find((k) => k.keyId === keyId)
  return stored ? ok(stored) : notFound
}
