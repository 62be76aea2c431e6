/**
 * Capability links at the edge: a route opens for a request whose `exp`, `kid` and `sig` sign its
 * kind and payment id (core/capability-link.ts). Checked before the payment is read, so an unknown id
 * and a forged link look the same (401).
 * @module
 */

import type { Context } from 'hono'
import { checkLink, type LinkKind } from '../../core/capability-link.ts'
import type { AppEnv } from '../context.ts'
import { unwrap } from '../failure.ts'

/** Throws a 401 DomainFailure unless the request carries a valid, unexpired link to `kind` for `id`. */
export async function requireLink(c: Context<AppEnv>, kind: LinkKind | 'offline-payment', id: string): Promise<void> {
  const deps = c.get('deps')
  const params = { exp: c.req.query('exp'), kid: c.req.query('kid'), sig: c.req.query('sig') }
  unwrap(await checkLink(deps.linkSigner, kind, id, params, deps.clock()))
}

/** Paths a signed link opens without credentials; with X-API-Key or Authorization they authenticate as usual. */
const LINK_OR_CREDENTIALS_PREFIXES = ['/update/']

/** True when authentication is left to the handler: a link path, and no credentials sent. */
export function opensByLink(c: Context<AppEnv>): boolean {
  return (
    LINK_OR_CREDENTIALS_PREFIXES.some((p) => c.req.path.startsWith(p)) &&
    c.req.header('x-api-key') === undefined &&
    c.req.header('authorization') === undefined
  )
}
