/**
 * The TEST-ONLY PGP fixture keys: the workerd string copies equal the committed .asc files, and gpg
 * itself reads the public key with the documented fingerprint and a cv25519 encryption subkey.
 * @module
 */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireTool } from '../../setup/tools.ts'
import { TEST_ONLY_FINGERPRINT, TEST_ONLY_PUBLIC_KEY, TEST_ONLY_SECRET_KEY } from '../../workerd/fixtures/pgp-keys.ts'
import { type Gpg, tempGpg } from './gpg.ts'

const DIR = join(process.cwd(), 'test/fixtures/pgp')

describe('PGP fixture keys', () => {
  it('the workerd copies equal the .asc files', () => {
    expect(TEST_ONLY_PUBLIC_KEY).toBe(readFileSync(join(DIR, 'cv25519-test-only.pub.asc'), 'utf8'))
    expect(TEST_ONLY_SECRET_KEY).toBe(readFileSync(join(DIR, 'cv25519-test-only.sec.asc'), 'utf8'))
  })

  const gpgPath = requireTool('gpg', 'gnupg')
  let gpg: Gpg
  beforeAll(() => {
    if (gpgPath !== '') gpg = tempGpg(gpgPath)
  })
  afterAll(() => gpg?.dispose())

  it.skipIf(gpgPath === '')('gpg reads the public key: documented fingerprint, cv25519 encryption subkey', () => {
    gpg.run(['--batch', '--import'], TEST_ONLY_PUBLIC_KEY)
    const colons = gpg.run(['--with-colons', '--list-keys', TEST_ONLY_FINGERPRINT])
    expect(colons).toContain(`fpr:::::::::${TEST_ONLY_FINGERPRINT}:`)
    expect(colons).toMatch(/^sub:[^:]*:255:18:[^\n]*:e:[^\n]*:cv25519:/m)
  })
})
