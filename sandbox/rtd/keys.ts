/**
 * The simulator's own PGP key pair, standing in for pagoPA's: made once per simulator on first use
 * (ECC curve25519, as GnuPG makes them; a few milliseconds), its public half served on the public-key endpoint, its private
 * half decrypting uploads. Test-only: nothing encrypted to it is secret. openpgp is imported on first use,
 * so an isolate that never touches the RTD simulator does not evaluate it at startup.
 * @module
 */

import type * as OpenPgp from 'openpgp'

const pgp = () => import('openpgp')

export type SimKeys = { readonly armoredPublic: string; readonly privateKey: OpenPgp.PrivateKey; readonly fingerprint: string }

export function keyPair(): () => Promise<SimKeys> {
  let made: Promise<SimKeys> | null = null
  const make = async (): Promise<SimKeys> => {
    const openpgp = await pgp()
    const { privateKey, publicKey } = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ name: 'Varco RTD simulator', email: 'rtd-simulator@varco.test' }],
      format: 'armored',
    })
    const key = await openpgp.readPrivateKey({ armoredKey: privateKey })
    return { armoredPublic: publicKey, privateKey: key, fingerprint: key.getFingerprint() }
  }
  return () => {
    made ??= make()
    return made
  }
}

/** The clear text of a binary (or armored) PGP message to the simulator's key; null if it does not decrypt. */
export async function decrypt(keys: SimKeys, bytes: Uint8Array): Promise<Uint8Array | null> {
  try {
    const openpgp = await pgp()
    const armored = new TextDecoder().decode(bytes.subarray(0, 40)).startsWith('-----BEGIN PGP MESSAGE')
    const message = armored
      ? await openpgp.readMessage({ armoredMessage: new TextDecoder().decode(bytes) })
      : await openpgp.readMessage({ binaryMessage: bytes })
    const { data } = await openpgp.decrypt({ message, decryptionKeys: keys.privateKey, format: 'binary' })
    return data
  } catch {
    return null
  }
}
