/** The capability-link key ring from env: VARCO_LINK_KEYS / VARCO_LINK_KEY_ID, the development key, production without keys. */

import { describe, expect, it } from 'vitest'
import { linkPath } from '../../core/capability-link.ts'
import { configuredLinkSigner, currentLinkKeyId } from '../../edge/deps/links.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { harness } from './harness.ts'

const b64 = (n: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(n)))
const base = { VARCO_ENV: 'production' as const, JWT_SECRET: 'x'.repeat(32), VARCO_LINK_KEY_ID: undefined }

describe('capability-link keys from the environment', () => {
  it('signs with VARCO_LINK_KEY_ID, else the last kid listed, and verifies every kid of the ring', async () => {
    const keys = `k1:${b64(1)},k2:${b64(2)}`
    expect(currentLinkKeyId({ VARCO_LINK_KEYS: keys, VARCO_LINK_KEY_ID: undefined })).toBe('k2')
    expect(currentLinkKeyId({ VARCO_LINK_KEYS: keys, VARCO_LINK_KEY_ID: 'k1' })).toBe('k1')
    const signer = configuredLinkSigner({ ...base, VARCO_LINK_KEYS: keys })
    const s = await signer.sign(linkPath('update', 'x'), 1)
    expect(s.kid).toBe('k2')
    const older = await configuredLinkSigner({ ...base, VARCO_LINK_KEYS: keys, VARCO_LINK_KEY_ID: 'k1' }).sign(linkPath('update', 'x'), 1)
    expect(await signer.verify(linkPath('update', 'x'), older)).toBe('valid')
  })

  it('names the variable when the ring is malformed or the current kid is not in it', async () => {
    await expect(configuredLinkSigner({ ...base, VARCO_LINK_KEYS: 'k1:short' }).sign('/update/x', 1)).rejects.toThrow(/VARCO_LINK_KEYS/)
    const missing = configuredLinkSigner({ ...base, VARCO_LINK_KEYS: `k1:${b64(1)}`, VARCO_LINK_KEY_ID: 'k9' })
    await expect(missing.sign('/update/x', 1)).rejects.toThrow(/VARCO_LINK_KEY_ID/)
  })

  it('derives a development key from JWT_SECRET outside production, the same for the same secret', async () => {
    const dev = (secret: string) =>
      configuredLinkSigner({ ...base, VARCO_ENV: 'development', VARCO_LINK_KEYS: undefined, JWT_SECRET: secret })
    const s = await dev('a'.repeat(32)).sign('/update/x', 1)
    expect(s.kid).toBe('dev')
    expect(await dev('a'.repeat(32)).verify('/update/x', s)).toBe('valid')
    expect(await dev('b'.repeat(32)).verify('/update/x', s)).toBe('bad_signature')
  })

  it('in production without VARCO_LINK_KEYS, takes no payment (503 misconfigured) and writes nothing', async () => {
    const h = await harness({}, { VARCO_ENV: 'production' })
    const t = await h.tenant()
    const admin = { key: t.key, token: await h.token(t.id) }
    const svc = await h.call('POST', '/services', {
      ...admin,
      body: { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' },
    })
    const ev = creationEvent(t.id, svc.json['id'] as string)
    const r = await h.call('POST', '/payments', { ...admin, body: ev })
    expect(r.status).toBe(503)
    expect(r.json).toMatchObject({ code: 'misconfigured' })
    expect(await h.deps.payments.get(t.id, ev.id)).toBeNull()
    expect(h.logs.join('\n')).toContain('VARCO_LINK_KEYS')
  })
})
