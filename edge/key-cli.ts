/**
 * `varco tenant key rotate|revoke|list` and `varco platform key rotate|revoke|list`: rotation prints
 * the new key once (only its hash is stored) and keeps the owner's other keys working for `--grace`;
 * revocation stops one key at once in every process on the same embedded file, and within
 * VARCO_AUTH_CACHE_TTL_MS on instances sharing a remote database (SECURITY.md).
 * @module
 */

import { parseArgs } from 'node:util'
import { parseTtl } from '../adapters/crypto/jwt.ts'
import type { DomainError } from '../core/errors.ts'
import { type KeyOwnerKind, keyValidAt, revokeKey, rotateKey } from '../core/use-cases/api-keys.ts'
import { CliUsageError, type Out } from './cli-usage.ts'
import type { Deps } from './deps/index.ts'

export class KeyUsageError extends CliUsageError {}

const iso = (d: Date | null) => d?.toISOString() ?? null

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name]
  if (typeof v !== 'string' || v.trim() === '') throw new KeyUsageError(`--${name} is required`)
  return v.trim()
}

/** `--grace`: 0 or a duration such as 90s, 15m, 1h, 7d. */
function graceMs(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '0') return 0
  const s = parseTtl(raw)
  if (s === null) throw new KeyUsageError('--grace must be 0 or look like 90s, 15m, 1h or 7d')
  return s * 1000
}

function problem(e: DomainError, kind: KeyOwnerKind, ownerId: string, where: string): string {
  if (e.code === 'validation') return e.issues.map((i) => `--${i.path} ${i.message}`).join('; ')
  if (e.code === 'not_found' && e.resource === kind) return `${kind} ${ownerId} does not exist or is revoked in ${where}`
  if (e.code === 'not_found') return `${kind} ${ownerId} has no key ${e.id}`
  return e.code
}

export async function keyCommand(kind: KeyOwnerKind, args: string[], deps: Deps, out: Out): Promise<number> {
  const [action, ...rest] = args
  const { values } = parseArgs({
    args: rest,
    options: { [kind]: { type: 'string' }, grace: { type: 'string' }, key: { type: 'string' } },
    strict: true,
  })
  if (action !== 'rotate' && action !== 'revoke' && action !== 'list')
    throw new KeyUsageError(`unknown ${kind} key command '${action ?? ''}'`)
  const ownerId = required(values, kind).toLowerCase()
  const grace = action === 'rotate' ? graceMs(values['grace'] as string | undefined) : 0
  const keyRef = action === 'revoke' ? required(values, 'key') : ''
  const store = deps.keyStores[kind]
  const codec = kind === 'tenant' ? deps.apiKeys : deps.platformKeys
  await deps.ready
  const now = deps.clock()
  const where = deps.config.VARCO_DB_URL
  if (action === 'rotate') {
    const r = await rotateKey({ store, codec, kind }, ownerId, grace, now)
    if (!r.ok) return fail(out, problem(r.error, kind, ownerId, where))
    out.stdout(JSON.stringify({ id: ownerId, key_id: r.value.keyId, api_key: r.value.apiKey, old_keys_end_at: iso(r.value.oldKeysEndAt) }))
    return 0
  }
  if (action === 'revoke') {
    const r = await revokeKey({ store, kind }, ownerId, keyRef, now)
    if (!r.ok) return fail(out, problem(r.error, kind, ownerId, where))
    out.stdout(JSON.stringify({ id: ownerId, key_id: r.value.keyId, revoked_at: iso(r.value.revokedAt) }))
    return 0
  }
  const keys = await store.list(ownerId)
  out.stdout(
    JSON.stringify({
      id: ownerId,
      keys: keys.map((k) => ({
        key_id: k.keyId,
        created_at: iso(k.createdAt),
        revoked_at: iso(k.revokedAt),
        expires_at: iso(k.expiresAt),
        valid: keyValidAt(k, now),
      })),
    }),
  )
  return 0
}

function fail(out: Out, message: string): number {
  out.stderr(`varco: ${message}`)
  return 1
}
