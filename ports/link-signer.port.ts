/**
 * Signs and verifies capability links (core/capability-link.ts): a MAC over a link's canonical path
 * and expiry, made with the current key of a ring, so keys can be rotated while older links still
 * open. Verification is constant time and says nothing about expiry (core checks that).
 * @module
 */

/** The three query parameters a signed link carries. */
export type LinkSignature = {
  /** Last valid second, unix time (inclusive). */
  readonly exp: number
  /** Id of the ring key the link was signed with. */
  readonly kid: string
  /** base64url (no padding) of the MAC. */
  readonly sig: string
}

export type LinkVerdict = 'valid' | 'unknown_key' | 'bad_signature'

export interface LinkSigner {
  /** Signs `path` (canonical, no query) valid until `exp` with the current key. */
  sign(path: string, exp: number): Promise<LinkSignature>
  /** `valid` when `s.sig` is the MAC of `path` and `s.exp` under ring key `s.kid`; `unknown_key` when that key is not (or no longer) in the ring. */
  verify(path: string, s: LinkSignature): Promise<LinkVerdict>
}
