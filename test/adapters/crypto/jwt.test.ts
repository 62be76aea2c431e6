import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as jose from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJwtVerifier, parseTtl, signToken } from '../../../adapters/crypto/jwt.ts'
import { fixedClock } from '../../fakes/clock.fake.ts'

const SECRET = 'hs256-secret-0123456789-abcdefghijklmnop'
const claims = { user_id: 'u-7', tenant_id: '2b1f6b34-8a1f-4c49-9c55-3f0e4d0d2a11', role: 'operator' }

describe('JWT verifier', () => {
  let server: Server
  let jwksUrl: string
  let rsa: CryptoKeyPair
  let ed: CryptoKeyPair
  const clock = fixedClock()

  beforeAll(async () => {
    rsa = (await jose.generateKeyPair('RS256', { extractable: true })) as CryptoKeyPair
    ed = (await jose.generateKeyPair('EdDSA', { extractable: true })) as CryptoKeyPair
    const keys = [
      { ...(await jose.exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await jose.exportJWK(ed.publicKey)), kid: 'ed-1', alg: 'EdDSA', use: 'sig' },
    ]
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ keys }))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  const iat = () => Math.floor(clock().getTime() / 1000)
  const sign = (alg: string, kid: string, key: CryptoKey | Uint8Array, exp = iat() + 600) =>
    new jose.SignJWT(claims).setProtectedHeader({ alg, kid }).setIssuedAt(iat()).setExpirationTime(exp).sign(key)

  it('verifies HS256 tokens made by signToken (the CLI)', async () => {
    const verify = createJwtVerifier({ secret: SECRET, clock })
    const token = await signToken({
      secret: SECRET,
      tenantId: claims.tenant_id,
      userId: 'u-7',
      role: 'operator',
      ttlSeconds: 3600,
      now: clock(),
    })
    expect(await verify(token)).toEqual({
      ok: true,
      value: { userId: 'u-7', tenantId: claims.tenant_id, role: 'operator', expiresAt: new Date(clock().getTime() + 3_600_000) },
    })
  })

  it('verifies RS256 and EdDSA tokens against the JWKS URL', async () => {
    const verify = createJwtVerifier({ jwksUrl, clock })
    expect((await verify(await sign('RS256', 'rsa-1', rsa.privateKey))).ok).toBe(true)
    expect((await verify(await sign('EdDSA', 'ed-1', ed.privateKey))).ok).toBe(true)
  })

  it('pins algorithms: no HS256 without a secret, no JWKS algorithms without a JWKS URL', async () => {
    const jwksOnly = createJwtVerifier({ jwksUrl, clock })
    const hs = await sign('HS256', 'x', new TextEncoder().encode(SECRET))
    expect(await jwksOnly(hs)).toMatchObject({
      ok: false,
      error: { code: 'auth.invalid_token', reason: 'algorithm HS256 is not accepted' },
    })
    const secretOnly = createJwtVerifier({ secret: SECRET, clock })
    expect(await secretOnly(await sign('RS256', 'rsa-1', rsa.privateKey))).toMatchObject({
      ok: false,
      error: { code: 'auth.invalid_token' },
    })
    const hs512 = await sign('HS512', 'x', new TextEncoder().encode(SECRET))
    expect(await secretOnly(hs512)).toMatchObject({ ok: false, error: { reason: 'algorithm HS512 is not accepted' } })
  })

  it('rejects HS256 signed with the public RSA key (key confusion)', async () => {
    const pem = await jose.exportSPKI(rsa.publicKey)
    const verify = createJwtVerifier({ secret: pem, jwksUrl, clock })
    const confused = await sign('HS256', 'rsa-1', new TextEncoder().encode(`${pem}x`))
    expect((await verify(confused)).ok).toBe(false)
  })

  it('requires exp and the gateway claims', async () => {
    const verify = createJwtVerifier({ secret: SECRET, clock })
    const key = new TextEncoder().encode(SECRET)
    const noExp = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(key)
    expect(await verify(noExp)).toMatchObject({ ok: false, error: { code: 'auth.invalid_token' } })
    const badRole = await new jose.SignJWT({ ...claims, role: 'root' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(iat() + 60)
      .sign(key)
    expect(await verify(badRole)).toMatchObject({ ok: false, error: { reason: 'role claim must be viewer, operator or admin' } })
    const noTenant = await new jose.SignJWT({ user_id: 'u', role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(iat() + 60)
      .sign(key)
    expect(await verify(noTenant)).toMatchObject({ ok: false, error: { reason: 'tenant_id claim missing' } })
  })

  it('reports expiry distinctly, with 5 s of clock tolerance', async () => {
    const verify = createJwtVerifier({ secret: SECRET, clock })
    const key = new TextEncoder().encode(SECRET)
    const exp = iat() - 3
    const barely = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(exp).sign(key)
    expect((await verify(barely)).ok).toBe(true)
    const old = await new jose.SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(iat() - 10)
      .sign(key)
    expect(await verify(old)).toEqual({ ok: false, error: { code: 'auth.token_expired' } })
  })

  it('still expires a token that was verified (and cached) earlier', async () => {
    const c = fixedClock()
    const verify = createJwtVerifier({ secret: SECRET, clock: c })
    const token = await signToken({ secret: SECRET, tenantId: claims.tenant_id, userId: 'u', role: 'admin', ttlSeconds: 60, now: c() })
    expect((await verify(token)).ok).toBe(true)
    c.advance(64_000)
    expect((await verify(token)).ok).toBe(true) // within the 5 s tolerance
    c.advance(2_000)
    expect(await verify(token)).toEqual({ ok: false, error: { code: 'auth.token_expired' } })
    expect(await verify(token)).toEqual({ ok: false, error: { code: 'auth.token_expired' } })
  })

  it('does not cache failures: a bad token stays bad, a good one with the same prefix is accepted', async () => {
    const verify = createJwtVerifier({ secret: SECRET, clock })
    const good = await signToken({ secret: SECRET, tenantId: claims.tenant_id, userId: 'u', role: 'admin', ttlSeconds: 60, now: clock() })
    const bad = `${good.slice(0, -2)}${good.endsWith('AA') ? 'BB' : 'AA'}`
    expect((await verify(bad)).ok).toBe(false)
    expect((await verify(good)).ok).toBe(true)
    expect((await verify(bad)).ok).toBe(false)
  })

  it('checks issuer and audience when configured', async () => {
    const verify = createJwtVerifier({ secret: SECRET, issuer: 'https://idp.example', audience: 'varco', clock })
    const base = { secret: SECRET, tenantId: claims.tenant_id, userId: 'u', role: 'admin' as const, ttlSeconds: 60, now: clock() }
    expect((await verify(await signToken({ ...base, issuer: 'https://idp.example', audience: 'varco' }))).ok).toBe(true)
    expect((await verify(await signToken({ ...base, issuer: 'https://evil.example', audience: 'varco' }))).ok).toBe(false)
    expect((await verify(await signToken(base))).ok).toBe(false)
  })

  it.each([
    ['90s', 90],
    ['15m', 900],
    ['1h', 3600],
    ['7d', 604_800],
    ['0h', null],
    ['1w', null],
    ['h', null],
  ])('parseTtl(%s) → %s', (ttl, seconds) => {
    expect(parseTtl(ttl)).toBe(seconds)
  })
})
