/** In-memory PlatformRepo for use-case tests (the libSQL one is exercised by the route contract). @module */

import type { DomainError } from '../../core/errors.ts'
import type { Platform, PlatformCredential } from '../../core/platform.ts'
import { err, ok, type Result } from '../../core/result.ts'
import type { PlatformRepo } from '../../ports/platform-repo.port.ts'

export function inMemoryPlatformRepo(): PlatformRepo {
  const platforms = new Map<string, Platform>()
  const keys = new Map<string, PlatformCredential>()
  return {
    async create(p, c): Promise<Result<void, DomainError>> {
      if (platforms.has(p.id) || keys.has(c.keyId)) {
        return err({ code: 'conflict', resource: 'platform', id: p.id, detail: 'a platform with this id already exists' })
      }
      platforms.set(p.id, p)
      keys.set(c.keyId, c)
      return ok(undefined)
    },
    async get(id) {
      return platforms.get(id) ?? null
    },
    async findCredential(keyId) {
      const c = keys.get(keyId)
      if (!c) return null
      return { ...c, revokedAt: c.revokedAt ?? platforms.get(c.platformId)?.revokedAt ?? null }
    },
    async revoke(id, at) {
      const p = platforms.get(id)
      if (!p) return false
      platforms.set(id, { ...p, revokedAt: p.revokedAt ?? at })
      return true
    },
  }
}
