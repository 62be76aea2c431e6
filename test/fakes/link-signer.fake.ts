/**
 * Capability links in tests: a LinkSigner with a fixed test key (kid `test`) for use-case tests,
 * `linkTo` to sign a path as the gateway would (for payments written straight to storage, or
 * unknown ids), and `signedUrl` to match the links the gateway emits.
 * @module
 */

import { createLinkSigner } from '../../adapters/crypto/link-signer.ts'
import { type LinkKind, linkPath, linkQuery } from '../../core/capability-link.ts'
import type { LinkSigner } from '../../ports/link-signer.port.ts'

export const TEST_LINK_KEY = new Uint8Array(32).fill(7)

export function testLinkSigner(ring: ReadonlyMap<string, Uint8Array> = new Map([['test', TEST_LINK_KEY]]), kid = 'test'): LinkSigner {
  const signer = createLinkSigner(ring, kid)
  return {
    sign: async (path, exp) => (await signer).sign(path, exp),
    verify: async (path, s) => (await signer).verify(path, s),
  }
}

/** `/<kind>/<id>?exp=…&kid=…&sig=…`, signed by `signer`, valid until `exp` (default: 2100). */
export async function linkTo(signer: LinkSigner, kind: LinkKind | 'offline-payment', id: string, exp = 4_102_444_800): Promise<string> {
  return `/${kind}/${id}?${linkQuery(await signer.sign(linkPath(kind, id), exp))}`
}

/** Matches `base` followed by exactly the signature query the gateway adds. */
export function signedUrl(base: string): RegExp {
  return new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\?exp=\\d+&kid=[\\w-]+&sig=[\\w-]{43}$`)
}

/** The path and query of an absolute URL (what `app.request` takes). */
export const pathOf = (url: string): string => {
  const u = new URL(url)
  return `${u.pathname}${u.search}`
}
