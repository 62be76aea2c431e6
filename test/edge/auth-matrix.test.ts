/**
 * Authorization matrix generated from the served OpenAPI document: every authenticated operation ×
 * {no credentials, an unknown key, a malformed key, an expired JWT, `alg: none`, HS256 signed with
 * another secret, tenant B's key with tenant A's JWT, each role below the one required, a platform key
 * outside the proxy API} gets 401 or 403 in the route's envelope; the right credentials never do.
 * Then, with JWT_JWKS_URL only (a JWKS served by this test on loopback): RS256 from the JWKS key passes,
 * HS256 signed with the JWKS public key (RS/HS confusion) and `alg: none` get 401. Resource ids of
 * other tenants and platforms: test/contract/platform-matrix.contract.ts. Runs with the limiter off.
 * @module
 */

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as jose from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setBillingOperator } from '../../core/billing/settings-store.ts'
import type { Role } from '../../core/errors.ts'
import { isPlatformPath } from '../../edge/middleware/auth.ts'
import type { CallOptions } from '../contract/route-harness.ts'
import { checkAnswer, type OpenApiDoc, type Operation, operationsOf, pathFor } from './fuzz/operations.ts'
import { harness } from './harness.ts'

/** The role each authenticated operation needs (edge/routes/*: requireRole / requireCaller / use case). */
const REQUIRED: Record<string, Role> = {
  'GET /tenants': 'viewer',
  'POST /tenants': 'admin',
  'GET /tenants/{id}': 'viewer',
  'PUT /tenants/{id}': 'admin',
  'PATCH /tenants/{id}': 'admin',
  'DELETE /tenants/{id}': 'admin',
  'GET /services': 'viewer',
  'POST /services': 'admin',
  'GET /services/{id}': 'viewer',
  'PUT /services/{id}': 'admin',
  'PATCH /services/{id}': 'admin',
  'DELETE /services/{id}': 'admin',
  'POST /payments': 'operator',
  'GET /payments/{id}': 'viewer',
  'GET /payments/{id}/events': 'viewer',
  'POST /services/{id}/imports': 'operator',
  'GET /imports/{id}': 'viewer',
  'GET /update/{id}': 'operator',
  'POST /sdi/trasmetti': 'operator',
  'GET /sdi': 'viewer',
  'GET /sdi/{sdi_id}': 'viewer',
  'GET /sdi/{sdi_id}/notifiche/{n}': 'viewer',
  'GET /payment/v2/provider-config': 'admin',
  'PUT /payment/v2/provider-config': 'admin',
  'GET /payment/v2/methods': 'viewer',
  'POST /payment/v2/links': 'operator',
  'GET /payment/v2/payments/{id}': 'viewer',
  'POST /payment/v2/mandates': 'operator',
  'GET /payment/v2/mandates/{id}': 'viewer',
  'POST /payment/v2/mandates/{id}/charges': 'operator',
  'POST /fatturapa/genera': 'operator',
  'POST /fatturapa/valida': 'viewer',
  'POST /fatturapa/render': 'viewer',
  'GET /billing/status': 'viewer',
  'PUT /billing/customer': 'admin',
  'POST /billing/checkout/{n}': 'operator',
  'GET /billing/fattura/{packageId}': 'viewer',
  'GET /billing/settings': 'admin',
  'PUT /billing/settings': 'admin',
  'POST /billing/packages/{n}/paid-by-transfer': 'admin',
  'POST /rtd/submissions': 'operator',
  'GET /rtd/submissions': 'viewer',
  'GET /rtd/submissions/{id}': 'viewer',
  'GET /rtd/submissions/{id}/rejected': 'operator',
  'GET /rtd/acks': 'viewer',
  'GET /rtd/acks/{file_name}': 'viewer',
  'GET /rtd/settings': 'admin',
  'PUT /rtd/settings': 'admin',
}
const BELOW: Record<Role, Role[]> = { viewer: [], operator: ['viewer'], admin: ['viewer', 'operator'] }
/** Bodies for operations whose document has no example. */
const BODIES: Record<string, unknown> = {
  'POST /billing/packages/{n}/paid-by-transfer': { riferimento: 'CRO 0123456789' },
  'PUT /rtd/settings': { sender_codes: ['12345'] },
}
const SECRET_OF_HARNESS = 'route-test-secret-0123456789-abcdefghij'

type H = Awaited<ReturnType<typeof harness>>

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
const unsigned = (claims: Record<string, unknown>) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`

/**
 * `op` called as `as`. With `tenantId`, the body's `id`/`tenant_id` name that tenant, so a 403 can only
 * come from the credentials (a body naming another tenant is refused with 403 by design).
 */
async function request(h: H, op: Operation, as: CallOptions, tenantId?: string): Promise<Response> {
  const given = BODIES[op.title] ?? op.body?.example
  const example =
    tenantId && given && typeof given === 'object'
      ? { ...given, ...('tenant_id' in given ? { tenant_id: tenantId } : {}), ...(op.title === 'POST /tenants' ? { id: tenantId } : {}) }
      : given
  const body = !op.body ? undefined : op.body.type === 'application/json' ? JSON.stringify(example ?? {}) : 'x;y\n'
  return h.app.request(pathFor(op), {
    method: op.method,
    headers: {
      ...(as.key ? { 'x-api-key': as.key } : {}),
      ...(as.token ? { authorization: `Bearer ${as.token}` } : {}),
      ...(body !== undefined ? { 'content-type': op.body?.type ?? 'application/json' } : {}),
    },
    ...(body !== undefined ? { body } : {}),
  })
}

async function expectStatus(h: H, op: Operation, who: string, as: CallOptions, want: number) {
  const res = await request(h, op, as)
  const r = { status: res.status, text: await res.text(), headers: res.headers }
  expect({ op: op.title, who, status: r.status }, r.text.slice(0, 200)).toEqual({ op: op.title, who, status: want })
  checkAnswer(op, who, r)
}

describe('authorization matrix over every authenticated route of /openapi.json (HS256)', () => {
  let h: H
  let ops: Operation[]
  let tenantA: string
  const as = {} as Record<string, CallOptions>

  beforeAll(async () => {
    h = await harness()
    const [a, b, p] = [await h.tenant('Comune A'), await h.tenant('Comune B'), await h.platform('Opencity')]
    tenantA = a.id
    await setBillingOperator(h.deps.billing, a.id)
    const now = Math.floor(h.clock().getTime() / 1000)
    const claims = { user_id: 'u', tenant_id: a.id, role: 'admin', exp: now + 600 }
    const hs = (secret: string, over: Record<string, unknown> = {}) =>
      new jose.SignJWT({ ...claims, ...over }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret))
    as['admin'] = { key: a.key, token: await h.token(a.id, 'admin') }
    as['operator'] = { key: a.key, token: await h.token(a.id, 'operator') }
    as['viewer'] = { key: a.key, token: await h.token(a.id, 'viewer') }
    as['no credentials'] = {}
    as['key without JWT'] = { key: a.key }
    as['unknown key'] = { key: `vk_0123456789ab_${'x'.repeat(43)}`, token: as['admin'].token as string }
    as['malformed key'] = { key: 'vk_../../etc/passwd', token: as['admin'].token as string }
    as['expired JWT'] = { key: a.key, token: await hs(SECRET_OF_HARNESS, { exp: now - 60 }) }
    as['alg none'] = { key: a.key, token: unsigned(claims) }
    as['HS256 other secret'] = { key: a.key, token: await hs('another-secret-0123456789-abcdefghijklmn') }
    as['tenant B key, tenant A JWT'] = { key: b.key, token: as['admin'].token as string }
    as['platform key'] = { key: p.key }
    ops = operationsOf((await h.call('GET', '/openapi.json')).json as unknown as OpenApiDoc).filter((o) => o.authenticated)
  }, 60_000)

  it('the role table names every authenticated operation of the document, and only those', () => {
    expect(ops.map((o) => o.title).sort()).toEqual(Object.keys(REQUIRED).sort())
  })

  it('no or bad credentials: 401; tenant mismatch, too low a role, a platform key off the proxy API: 403', async () => {
    for (const op of ops) {
      for (const who of [
        'no credentials',
        'key without JWT',
        'unknown key',
        'malformed key',
        'expired JWT',
        'alg none',
        'HS256 other secret',
      ]) {
        await expectStatus(h, op, who, as[who] as CallOptions, 401)
      }
      await expectStatus(h, op, 'tenant B key, tenant A JWT', as['tenant B key, tenant A JWT'] as CallOptions, 403)
      for (const role of BELOW[REQUIRED[op.title] as Role]) await expectStatus(h, op, role, as[role] as CallOptions, 403)
      if (!isPlatformPath(op.template)) await expectStatus(h, op, 'platform key', as['platform key'] as CallOptions, 403)
    }
  }, 120_000)

  it('the required role (and a platform key on the proxy API) is let through: neither 401 nor 403', async () => {
    const denied: string[] = []
    for (const op of ops) {
      const callers = [REQUIRED[op.title] as Role, ...(isPlatformPath(op.template) ? ['platform key'] : [])]
      for (const who of callers) {
        const res = await request(h, op, as[who] as CallOptions, who === 'platform key' ? undefined : tenantA)
        if (res.status === 401 || res.status === 403) denied.push(`${op.title} as ${who}: ${res.status} ${await res.text()}`)
      }
    }
    expect(denied).toEqual([])
  }, 120_000)
})

describe('JWT_JWKS_URL only: RS256 from the JWKS passes; HS256 signed with its public key and alg none do not', () => {
  let server: Server
  let h: H
  let ops: Operation[]
  let tenantA: string
  const as = {} as Record<string, CallOptions>

  beforeAll(async () => {
    const rsa = (await jose.generateKeyPair('RS256', { extractable: true })) as CryptoKeyPair
    const jwk = { ...(await jose.exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' }
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ keys: [jwk] }))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`
    h = await harness({}, { JWT_SECRET: '', JWT_JWKS_URL: url })
    const a = await h.tenant('Comune A')
    tenantA = a.id
    await setBillingOperator(h.deps.billing, a.id)
    const now = Math.floor(h.clock().getTime() / 1000)
    const claims = { user_id: 'u', tenant_id: a.id, role: 'admin', exp: now + 600 }
    const rs = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).sign(rsa.privateKey)
    const pem = await jose.exportSPKI(rsa.publicKey)
    const confusedWith = (secret: string) =>
      new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' }).sign(new TextEncoder().encode(secret))
    as['RS256'] = { key: a.key, token: rs }
    as['HS256 with the PEM public key'] = { key: a.key, token: await confusedWith(pem) }
    as['HS256 with the JWK public key'] = { key: a.key, token: await confusedWith(JSON.stringify(jwk)) }
    as['HS256 with the modulus'] = { key: a.key, token: await confusedWith(jwk.n as string) }
    as['alg none'] = { key: a.key, token: unsigned(claims) }
    ops = operationsOf((await h.call('GET', '/openapi.json')).json as unknown as OpenApiDoc).filter((o) => o.authenticated)
  }, 60_000)
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('on every authenticated route', async () => {
    for (const op of ops) {
      const res = await request(h, op, as['RS256'] as CallOptions, tenantA)
      expect({ op: op.title, status: res.status === 401 || res.status === 403 ? res.status : 'let through' }).toEqual({
        op: op.title,
        status: 'let through',
      })
      for (const who of ['HS256 with the PEM public key', 'HS256 with the JWK public key', 'HS256 with the modulus', 'alg none']) {
        await expectStatus(h, op, who, as[who] as CallOptions, 401)
      }
    }
  }, 120_000)
})
