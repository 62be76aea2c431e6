/**
 * Sign/verify cases of capability links (core/capability-link.ts over the HMAC adapter), runtime
 * neutral: run on Node (test/adapters/crypto) and inside workerd (test/workerd).
 * @module
 */

import { describe, expect, it } from 'vitest'
import { createLinkSigner, LinkKeyError, parseLinkKeyRing } from '../../adapters/crypto/link-signer.ts'
import { checkLink, linkPath, parseLinkParams } from '../../core/capability-link.ts'

const key = (n: number) => new Uint8Array(32).fill(n)
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const ID = 'bb7044e4-066c-4bf7-915e-87ee97270eae'
const EXP = 1_795_435_975
const at = (ms: number) => new Date(ms)
const params = (s: { exp: number; kid: string; sig: string }) => ({ exp: String(s.exp), kid: s.kid, sig: s.sig })
/** `sig` with the character at `i` replaced by another base64url character. */
const flip = (sig: string, i: number) => sig.slice(0, i) + (sig[i] === 'A' ? 'B' : 'A') + sig.slice(i + 1)

export function runLinkSignerCases(runtime: string) {
  describe(`capability links: sign and verify (${runtime})`, () => {
    it('opens the signed path until its expiry, with a 43-character base64url signature', async () => {
      const signer = await createLinkSigner(new Map([['k1', key(1)]]), 'k1')
      const s = await signer.sign(linkPath('update', ID), EXP)
      expect(s).toEqual({ exp: EXP, kid: 'k1', sig: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) })
      expect(await signer.verify(linkPath('update', ID), s)).toBe('valid')
      expect(await checkLink(signer, 'update', ID, params(s), at(EXP * 1000))).toEqual({ ok: true, value: undefined })
    })

    it('refuses a change to any part: path (kind, id), expiry, key id, signature', async () => {
      const signer = await createLinkSigner(
        new Map([
          ['k1', key(1)],
          ['k2', key(2)],
        ]),
        'k1',
      )
      const s = await signer.sign(linkPath('receipt', ID), EXP)
      const now = at((EXP - 60) * 1000)
      const refused = async (kind: 'receipt' | 'notice' | 'update', id: string, p: Record<string, string>) => {
        const r = await checkLink(signer, kind, id, p, now)
        return r.ok ? 'opened' : (r.error as { reason: string }).reason
      }
      expect(await refused('receipt', ID, params(s))).toBe('opened')
      expect(await refused('notice', ID, params(s))).toBe('bad_signature')
      expect(await refused('update', ID, params(s))).toBe('bad_signature')
      expect(await refused('receipt', crypto.randomUUID(), params(s))).toBe('bad_signature')
      expect(await refused('receipt', ID, { ...params(s), exp: String(EXP + 1) })).toBe('bad_signature')
      expect(await refused('receipt', ID, { ...params(s), kid: 'k2' })).toBe('bad_signature')
      expect(await refused('receipt', ID, { ...params(s), kid: 'k9' })).toBe('unknown_key')
      for (const i of [0, 21, 41]) expect(await refused('receipt', ID, { ...params(s), sig: flip(s.sig, i) })).toBe('bad_signature')
      // The last character carries 2 unused bits: another spelling of the same bytes is refused too.
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
      const alias = s.sig.slice(0, -1) + alphabet[alphabet.indexOf(s.sig.at(-1) as string) ^ 1]
      expect(await refused('receipt', ID, { ...params(s), sig: alias })).toBe('bad_signature')
    })

    it('refuses, without throwing, every other spelling handed to verify directly (past the query parser)', async () => {
      const signer = await createLinkSigner(new Map([['k1', key(1)]]), 'k1')
      const path = linkPath('receipt', ID)
      const s = await signer.sign(path, EXP)
      expect(await signer.verify(path, s)).toBe('valid')
      const standard = s.sig.replace(/-/g, '+').replace(/_/g, '/')
      for (const sig of [
        '',
        `${s.sig}=`,
        `${s.sig}A`,
        s.sig.slice(1),
        // Standard base64's alphabet for the same bytes (unless the signature has neither - nor _).
        ...(standard === s.sig ? [] : [standard]),
        // 43 characters, more bytes: a non-ASCII character in place of one.
        `é${s.sig.slice(1)}`,
        `${s.sig.slice(0, 42)}\u{1F600}`,
        // Its low byte is the original character's: equal to the signature if compared as latin1.
        String.fromCharCode(0x100 + s.sig.charCodeAt(0)) + s.sig.slice(1),
      ])
        expect(await signer.verify(path, { ...s, sig })).toBe('bad_signature')
    })

    it('expires after its last second, and says expired only of authentic links', async () => {
      const signer = await createLinkSigner(new Map([['k1', key(1)]]), 'k1')
      const s = await signer.sign(linkPath('notice', ID), EXP)
      expect((await checkLink(signer, 'notice', ID, params(s), at(EXP * 1000 + 999))).ok).toBe(true)
      expect(await checkLink(signer, 'notice', ID, params(s), at((EXP + 1) * 1000))).toEqual({
        ok: false,
        error: { code: 'auth.invalid_link', reason: 'expired' },
      })
      const forged = { ...params(s), sig: flip(s.sig, 3) }
      expect(await checkLink(signer, 'notice', ID, forged, at((EXP + 1) * 1000))).toMatchObject({ error: { reason: 'bad_signature' } })
    })

    it('keeps links of a rotated-out key open while it is in the ring, and closes them once it is removed', async () => {
      const before = await createLinkSigner(parseLinkKeyRing(`k1:${b64(key(1))}`), 'k1')
      const old = await before.sign(linkPath('update', ID), EXP)
      const rotated = await createLinkSigner(parseLinkKeyRing(`k1:${b64(key(1))},k2:${b64(key(2))}`), 'k2')
      expect(await rotated.verify(linkPath('update', ID), old)).toBe('valid')
      const fresh = await rotated.sign(linkPath('update', ID), EXP)
      expect(fresh.kid).toBe('k2')
      const retired = await createLinkSigner(parseLinkKeyRing(`k2:${b64(key(2))}`), 'k2')
      expect(await retired.verify(linkPath('update', ID), fresh)).toBe('valid')
      expect(await retired.verify(linkPath('update', ID), old)).toBe('unknown_key')
      // A key id reused with another key does not open old links either.
      const reused = await createLinkSigner(parseLinkKeyRing(`k1:${b64(key(3))}`), 'k1')
      expect(await reused.verify(linkPath('update', ID), old)).toBe('bad_signature')
    })

    it('signs one path for the notice and its alias, whatever the letter case of the id', async () => {
      const signer = await createLinkSigner(new Map([['k1', key(1)]]), 'k1')
      const s = await signer.sign(linkPath('notice', ID), EXP)
      const now = at(0)
      expect((await checkLink(signer, 'offline-payment', ID, params(s), now)).ok).toBe(true)
      expect((await checkLink(signer, 'notice', ID.toUpperCase(), params(s), now)).ok).toBe(true)
    })

    it('tells a missing signature from a malformed one', () => {
      expect(parseLinkParams({})).toEqual({ ok: false, error: 'missing' })
      const sig = 'A'.repeat(43)
      for (const q of [
        { exp: '1', kid: 'k1' },
        { exp: 'soon', kid: 'k1', sig },
        { exp: '-1', kid: 'k1', sig },
        { exp: '1', kid: 'k 1', sig },
        { exp: '1', kid: 'k1', sig: `${sig}A` },
        { exp: '1', kid: 'k1', sig: `${sig.slice(1)}=` },
      ])
        expect(parseLinkParams(q)).toEqual({ ok: false, error: 'malformed' })
    })

    it('refuses key rings with short keys, bad entries or a current key not in the ring', async () => {
      expect(() => parseLinkKeyRing(`k1:${b64(new Uint8Array(16))}`)).toThrow(LinkKeyError)
      expect(() => parseLinkKeyRing('no-colon')).toThrow(LinkKeyError)
      expect(() => parseLinkKeyRing('k1:***')).toThrow(LinkKeyError)
      await expect(createLinkSigner(new Map([['k1', key(1)]]), 'k2')).rejects.toThrow(LinkKeyError)
    })
  })
}
