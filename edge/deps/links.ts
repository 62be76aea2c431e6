/**
 * Wiring of the capability-link signer: the key ring from VARCO_LINK_KEYS (current kid:
 * VARCO_LINK_KEY_ID, else the last listed), imported on first use (WebCrypto import is async; deps
 * are built synchronously). Unset outside production: a development key derived from JWT_SECRET.
 * Unset in production: signing or verifying throws ConfigError (503 `misconfigured`, the log names
 * the variable), as the SecretBox does.
 * @module
 */

import { createLinkSigner, parseLinkKeyRing } from '../../adapters/crypto/link-signer.ts'
import type { LinkSigner } from '../../ports/link-signer.port.ts'
import { type Config, ConfigError } from '../env.ts'

export const DEV_LINK_KEY_ID = 'dev'

type LinkConfig = Pick<Config, 'VARCO_LINK_KEYS' | 'VARCO_LINK_KEY_ID' | 'VARCO_ENV' | 'JWT_SECRET'>

/** The kid new links are signed with: VARCO_LINK_KEY_ID, else the last kid listed, else `dev`. */
export function currentLinkKeyId(config: Pick<Config, 'VARCO_LINK_KEYS' | 'VARCO_LINK_KEY_ID'>): string {
  if (config.VARCO_LINK_KEY_ID) return config.VARCO_LINK_KEY_ID
  const kids = (config.VARCO_LINK_KEYS ?? '')
    .split(',')
    .map((p) => p.trim().split(':')[0] ?? '')
    .filter(Boolean)
  return kids.at(-1) ?? DEV_LINK_KEY_ID
}

async function load(config: LinkConfig): Promise<LinkSigner> {
  const currentKeyId = currentLinkKeyId(config)
  if (config.VARCO_LINK_KEYS) {
    let ring: Map<string, Uint8Array>
    try {
      ring = parseLinkKeyRing(config.VARCO_LINK_KEYS)
    } catch (e) {
      throw new ConfigError(`invalid configuration: VARCO_LINK_KEYS: ${(e as Error).message}`)
    }
    if (!ring.has(currentKeyId)) throw new ConfigError('invalid configuration: VARCO_LINK_KEY_ID: not a key id of VARCO_LINK_KEYS')
    return createLinkSigner(ring, currentKeyId)
  }
  if (config.VARCO_ENV === 'production') {
    throw new ConfigError('invalid configuration: VARCO_LINK_KEYS: is required in production to sign payment links')
  }
  const seed = new TextEncoder().encode(`varco-link-dev|${config.JWT_SECRET ?? 'no-jwt-secret'}`)
  const raw = new Uint8Array(await crypto.subtle.digest('SHA-256', seed))
  return createLinkSigner(new Map([[DEV_LINK_KEY_ID, raw]]), DEV_LINK_KEY_ID)
}

export function configuredLinkSigner(config: LinkConfig): LinkSigner {
  let signer: Promise<LinkSigner> | null = null
  const get = () => {
    signer ??= load(config)
    signer.catch(() => {
      signer = null
    })
    return signer
  }
  return {
    sign: async (path, exp) => (await get()).sign(path, exp),
    verify: async (path, s) => (await get()).verify(path, s),
  }
}
