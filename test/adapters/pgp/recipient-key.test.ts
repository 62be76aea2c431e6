/**
 * Unusable recipient keys are refused with a coded error before a byte is encrypted: keys made by the
 * real gpg that are expired (made with --faked-system-time), revoked, sign-only, RSA 1024, a secret key
 * export, text that is no key, and a key whose fingerprint is not the pinned one.
 * @module
 */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOpenPgpEncryptor } from '../../../adapters/pgp/openpgp.ts'
import type { RecipientKeyError } from '../../../ports/file-encryptor.port.ts'
import { requireTool } from '../../setup/tools.ts'
import { type Gpg, tempGpg } from './gpg.ts'
import { streamOf } from './streams.ts'

const pgp = createOpenPgpEncryptor()

describe('recipient key checks (keys from gpg)', () => {
  const gpgPath = requireTool('gpg', 'gnupg')
  let gpg: Gpg
  const armored = { good: '', secret: '', expired: '', signonly: '', weak: '', revoked: '' }
  let goodFpr = ''

  beforeAll(() => {
    if (gpgPath === '') return
    gpg = tempGpg(gpgPath)
    goodFpr = gpg.genKey('good <good@varco.invalid>', 'future-default')
    armored.good = gpg.exportPublic('good@varco.invalid')
    armored.secret = gpg.exportSecret('good@varco.invalid')
    // Made "in 2020" with a one-year validity: expired ever since.
    gpg.genKey('expired <expired@varco.invalid>', 'future-default', 'default', '1y', ['--faked-system-time', '20200101T000000!'])
    armored.expired = gpg.exportPublic('expired@varco.invalid')
    gpg.genKey('signonly <signonly@varco.invalid>', 'ed25519', 'sign', 'never')
    armored.signonly = gpg.exportPublic('signonly@varco.invalid')
    const weak = gpg.genKey('weak <weak@varco.invalid>', 'rsa1024', 'default', 'never')
    gpg.addKey(weak, 'rsa1024', 'encr')
    armored.weak = gpg.exportPublic('weak@varco.invalid')
    const revoked = gpg.genKey('revoked <revoked@varco.invalid>', 'future-default')
    // gpg stores a ready revocation certificate, its armor lines escaped with ':' against accidental import.
    const cert = readFileSync(join(gpg.home, 'openpgp-revocs.d', `${revoked}.rev`), 'utf8').replace(/^:/gm, '')
    gpg.run(['--batch', '--import'], cert)
    armored.revoked = gpg.exportPublic('revoked@varco.invalid')
  }, 90_000)
  afterAll(() => gpg?.dispose())

  const refused = async (key: string, code: RecipientKeyError['code'], expectedFingerprint?: string) => {
    const opts = expectedFingerprint === undefined ? {} : { expectedFingerprint }
    const checked = await pgp.checkRecipientKey(key, opts)
    expect(checked.ok ? 'accepted' : checked.error.code).toBe(code)
    let cancelled = false
    const input = new ReadableStream<Uint8Array>({
      cancel() {
        cancelled = true
      },
    })
    const sealed = await pgp.encrypt(input, key, opts)
    expect(sealed.ok ? 'accepted' : sealed.error.code).toBe(code)
    expect(cancelled).toBe(true) // the caller's stream is released, not left hanging
    return checked.ok ? null : checked.error
  }

  it.skipIf(gpgPath === '')('accepts the good key and its own pinned fingerprint (any case, spaces)', async () => {
    const pinned = `${goodFpr.toLowerCase().slice(0, 20)} ${goodFpr.slice(20)}`
    const checked = await pgp.checkRecipientKey(armored.good, { expectedFingerprint: pinned })
    expect(checked.ok).toBe(true)
    const sealed = await pgp.encrypt(streamOf(new Uint8Array([1, 2, 3])), armored.good)
    expect(sealed.ok).toBe(true)
  })

  it.skipIf(gpgPath === '')('refuses an expired key, saying when it expired', async () => {
    const e = await refused(armored.expired, 'recipient_key.expired')
    expect(e?.code === 'recipient_key.expired' && e.expiredAt?.toISOString()).toMatch(/^2020-12-3|^2021-01-0/)
  })

  it.skipIf(gpgPath === '')('refuses a revoked key', async () => {
    await refused(armored.revoked, 'recipient_key.revoked')
  })

  it.skipIf(gpgPath === '')('refuses a sign-only key (no encryption subkey)', async () => {
    await refused(armored.signonly, 'recipient_key.no_encryption_key')
  })

  it.skipIf(gpgPath === '')('refuses RSA 1024', async () => {
    const e = await refused(armored.weak, 'recipient_key.too_weak')
    expect(e?.code === 'recipient_key.too_weak' && e.detail).toContain('1024')
  })

  it.skipIf(gpgPath === '')('refuses a private key, never treating it as a recipient', async () => {
    await refused(armored.secret, 'recipient_key.is_private')
  })

  it.skipIf(gpgPath === '')('refuses a key whose fingerprint is not the pinned one', async () => {
    const e = await refused(armored.good, 'recipient_key.fingerprint_mismatch', '0'.repeat(40))
    expect(e?.code === 'recipient_key.fingerprint_mismatch' && e.fingerprint).toBe(goodFpr)
  })

  it('refuses text that is not a key', async () => {
    await refused('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----\n', 'recipient_key.unreadable')
    await refused('', 'recipient_key.unreadable')
  })
})
