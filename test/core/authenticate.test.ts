import { beforeEach, describe, expect, it } from 'vitest'
import { platformApiKeys, webCryptoApiKeys } from '../../adapters/crypto/api-keys.ts'
import { createJwtVerifier, signToken } from '../../adapters/crypto/jwt.ts'
import type { DomainError } from '../../core/errors.ts'
import { authenticate, authorize } from '../../core/use-cases/authenticate.ts'
import { provisionPlatform, revokePlatform } from '../../core/use-cases/platforms.ts'
import { provisionTenant } from '../../core/use-cases/tenants.ts'
import { fixedClock, sequentialIds } from '../fakes/clock.fake.ts'
import { inMemoryPlatformRepo } from '../fakes/in-memory-platform-repo.fake.ts'
import { inMemoryTenantRepo } from '../fakes/in-memory-repos.fake.ts'

const SECRET = 'test-secret-0123456789-abcdefghijklmnop'

async function setup() {
  const clock = fixedClock()
  const tenants = inMemoryTenantRepo()
  const deps = {
    tenants,
    apiKeys: webCryptoApiKeys,
    newId: sequentialIds(),
    verifyToken: createJwtVerifier({ secret: SECRET, clock }),
    platforms: inMemoryPlatformRepo(),
    platformKeys: platformApiKeys,
    clock,
  }
  const mk = async (name: string) => {
    const r = await provisionTenant(deps, { name, taxIdentificationNumber: '00341620508' }, clock())
    if (!r.ok) throw new Error(r.error.code)
    return r.value
  }
  const a = await mk('Comune A')
  const b = await mk('Comune B')
  const token = (tenantId: string, over: { role?: 'admin' | 'viewer' | 'operator'; ttl?: number; secret?: string } = {}) =>
    signToken({
      secret: over.secret ?? SECRET,
      tenantId,
      userId: 'u-1',
      role: over.role ?? 'admin',
      ttlSeconds: over.ttl ?? 3600,
      now: clock(),
    })
  return { deps, clock, a, b, token }
}

type Ctx = Awaited<ReturnType<typeof setup>>
const failure = async (p: ReturnType<typeof authenticate>): Promise<DomainError> => {
  const r = await p
  if (r.ok) throw new Error('expected a failure')
  return r.error
}

describe('authenticate', () => {
  let ctx: Ctx
  beforeEach(async () => {
    ctx = await setup()
  })

  it('accepts a tenant key with a valid token of the same tenant', async () => {
    const r = await authenticate(ctx.deps, { apiKey: ctx.a.apiKey, authorization: `Bearer ${await ctx.token(ctx.a.tenant.id)}` })
    expect(r).toEqual({
      ok: true,
      value: { kind: 'tenant', tenantId: ctx.a.tenant.id, userId: 'u-1', role: 'admin', keyId: ctx.a.apiKey.slice(3, 15) },
    })
  })

  it('requires both headers', async () => {
    const bearer = `Bearer ${await ctx.token(ctx.a.tenant.id)}`
    expect(await failure(authenticate(ctx.deps, { apiKey: undefined, authorization: bearer }))).toEqual({
      code: 'auth.missing_credentials',
      missing: 'api_key',
    })
    expect(await failure(authenticate(ctx.deps, { apiKey: ctx.a.apiKey, authorization: undefined }))).toEqual({
      code: 'auth.missing_credentials',
      missing: 'token',
    })
    expect(await failure(authenticate(ctx.deps, { apiKey: ctx.a.apiKey, authorization: 'Basic abc' }))).toMatchObject({
      code: 'auth.missing_credentials',
    })
  })

  it('rejects malformed, unknown and altered keys alike', async () => {
    const bearer = `Bearer ${await ctx.token(ctx.a.tenant.id)}`
    const last = ctx.a.apiKey.at(-1) === 'A' ? 'B' : 'A'
    for (const apiKey of ['nope', `vk_ffffffffffff_${'x'.repeat(43)}`, `${ctx.a.apiKey.slice(0, -1)}${last}`]) {
      expect(await failure(authenticate(ctx.deps, { apiKey, authorization: bearer }))).toEqual({ code: 'auth.invalid_api_key' })
    }
  })

  it('rejects an expired token, a tampered one, and one signed with another secret', async () => {
    const key = ctx.a.apiKey
    const expired = await ctx.token(ctx.a.tenant.id, { ttl: 60 })
    ctx.clock.advance(61_000 + 5_000)
    expect(await failure(authenticate(ctx.deps, { apiKey: key, authorization: `Bearer ${expired}` }))).toEqual({
      code: 'auth.token_expired',
    })

    const good = await ctx.token(ctx.a.tenant.id)
    const [h, p, s] = good.split('.') as [string, string, string]
    const payload = JSON.parse(atob(p.replace(/-/g, '+').replace(/_/g, '/')))
    const forged = btoa(JSON.stringify({ ...payload, role: 'admin', tenant_id: ctx.b.tenant.id }))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
    expect(await failure(authenticate(ctx.deps, { apiKey: key, authorization: `Bearer ${h}.${forged}.${s}` }))).toMatchObject({
      code: 'auth.invalid_token',
    })
    const otherSecret = await ctx.token(ctx.a.tenant.id, { secret: 'another-secret-0123456789-abcdefghijkl' })
    expect(await failure(authenticate(ctx.deps, { apiKey: key, authorization: `Bearer ${otherSecret}` }))).toMatchObject({
      code: 'auth.invalid_token',
    })
    expect(await failure(authenticate(ctx.deps, { apiKey: key, authorization: 'Bearer not.a.jwt' }))).toMatchObject({
      code: 'auth.invalid_token',
    })
  })

  it('rejects alg=none tokens', async () => {
    const enc = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
    const none = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ user_id: 'u', tenant_id: ctx.a.tenant.id, role: 'admin', exp: 9_999_999_999 })}.`
    expect(await failure(authenticate(ctx.deps, { apiKey: ctx.a.apiKey, authorization: `Bearer ${none}` }))).toMatchObject({
      code: 'auth.invalid_token',
      reason: 'algorithm none is not accepted',
    })
  })

  it("refuses a token of another tenant with this tenant's key (403, not 401)", async () => {
    const r = await authenticate(ctx.deps, { apiKey: ctx.a.apiKey, authorization: `Bearer ${await ctx.token(ctx.b.tenant.id)}` })
    expect(r).toEqual({ ok: false, error: { code: 'auth.tenant_mismatch' } })
  })
})

describe('authenticate with a platform key', () => {
  let ctx: Ctx
  let platform: { id: string; key: string }
  beforeEach(async () => {
    ctx = await setup()
    const r = await provisionPlatform(ctx.deps, { name: 'Opencity' }, ctx.clock())
    if (!r.ok) throw new Error(r.error.code)
    platform = { id: r.value.platform.id, key: r.value.apiKey }
  })

  it('issues vp_ keys and accepts one alone, as admin of its platform', async () => {
    expect(platform.key).toMatch(/^vp_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/)
    const r = await authenticate(ctx.deps, { apiKey: platform.key, authorization: undefined })
    expect(r).toEqual({ ok: true, value: { kind: 'platform', platformId: platform.id, role: 'admin', keyId: platform.key.slice(3, 15) } })
  })

  it('refuses a platform name that is empty or longer than 255 characters', async () => {
    for (const name of ['  ', 'x'.repeat(256)]) {
      expect(await provisionPlatform(ctx.deps, { name }, ctx.clock())).toEqual({
        ok: false,
        error: { code: 'validation', issues: [{ path: 'name', message: 'must be 1-255 characters' }] },
      })
    }
  })

  it('ignores a bearer token sent with it, even an invalid or foreign one', async () => {
    for (const authorization of ['Bearer not-a-jwt', `Bearer ${await ctx.token(ctx.a.tenant.id)}`]) {
      const r = await authenticate(ctx.deps, { apiKey: platform.key, authorization })
      expect(r).toMatchObject({ ok: true, value: { kind: 'platform', platformId: platform.id } })
    }
  })

  it('refuses an unknown, altered or revoked platform key (401), and a tenant key alone', async () => {
    const invalid = { code: 'auth.invalid_api_key' }
    expect(await failure(authenticate(ctx.deps, { apiKey: `vp_0123456789ab_${'x'.repeat(43)}`, authorization: undefined }))).toEqual(
      invalid,
    )
    const altered = `${platform.key.slice(0, -1)}${platform.key.endsWith('A') ? 'B' : 'A'}`
    expect(await failure(authenticate(ctx.deps, { apiKey: altered, authorization: undefined }))).toEqual(invalid)
    expect(await failure(authenticate(ctx.deps, { apiKey: 'vp_garbage', authorization: undefined }))).toEqual(invalid)
    // a tenant key with the platform prefix swapped in is not a platform key
    expect(await failure(authenticate(ctx.deps, { apiKey: `vp_${ctx.a.apiKey.slice(3)}`, authorization: undefined }))).toEqual(invalid)
    expect(await failure(authenticate(ctx.deps, { apiKey: ctx.a.apiKey, authorization: undefined }))).toEqual({
      code: 'auth.missing_credentials',
      missing: 'token',
    })
    expect((await revokePlatform(ctx.deps, platform.id, ctx.clock())).ok).toBe(true)
    expect(await failure(authenticate(ctx.deps, { apiKey: platform.key, authorization: undefined }))).toEqual(invalid)
    expect(await revokePlatform(ctx.deps, '00000000-0000-4000-8000-000000000000', ctx.clock())).toMatchObject({ ok: false })
  })
})

describe('authorize', () => {
  const p = (role: 'viewer' | 'operator' | 'admin') => ({ kind: 'tenant' as const, tenantId: 't', userId: 'u', role, keyId: 'k' })
  it.each([
    ['viewer', 'viewer', true],
    ['viewer', 'operator', false],
    ['operator', 'viewer', true],
    ['operator', 'admin', false],
    ['admin', 'admin', true],
  ] as const)('%s needing %s → %s', (role, required, allowed) => {
    expect(authorize(p(role), required).ok).toBe(allowed)
  })
})
