/**
 * The incremental SHA-256 Hasher (ports/hasher.port.ts) on node:crypto: WebCrypto has no streaming digest, and the RTD
 * input may be gigabytes. Runs on Node, Deno and Workers with `nodejs_compat` (wrangler.toml sets it).
 * @module
 */

import { createHash } from 'node:crypto'
import type { Hasher, NewHasher } from '../../ports/hasher.port.ts'

export const newSha256Hasher: NewHasher = (): Hasher => {
  const hash = createHash('sha256')
  return {
    update: (bytes) => {
      hash.update(bytes)
    },
    hexDigest: () => hash.digest('hex'),
  }
}
