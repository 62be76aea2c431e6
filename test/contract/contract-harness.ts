/**
 * What the capability-link, platform-matrix, tenant-credentials and config-forms contracts use of a
 * gateway, so that one suite runs in-process (test/contract/route-harness.ts, on Node and inside workerd)
 * and over HTTP against a running server (test/e2e/parity.deno.test.ts). Rows the API does not show are
 * read from the gateway's own database: the deps' in-process, the server's file over HTTP.
 * @module
 */

import type { Db } from '../../adapters/libsql/client.ts'
import type { LinkSigner } from '../../ports/link-signer.port.ts'
import type { RouteHarness } from './route-harness.ts'

export type ContractHarness = Pick<RouteHarness, 'call' | 'tenant' | 'token' | 'platform' | 'request' | 'base'> & {
  /** Signs links as the gateway does (its key), for links the contract makes itself. */
  readonly linkSigner: LinkSigner
  /** Everything the gateway logged so far. */
  readonly logs: () => string
  /** The gateway's database, for what the API does not show (sealed secrets) and "nothing written". */
  readonly db: Db
  /** In-process only (null over HTTP): the deps and the clock. */
  readonly local: Pick<RouteHarness, 'deps' | 'clock'> | null
}

/** The in-process harness as a {@link ContractHarness}; one already made over HTTP is kept. */
export const asContractHarness = (h: RouteHarness | ContractHarness): ContractHarness =>
  'local' in h ? h : { ...h, linkSigner: h.deps.linkSigner, logs: () => h.logs.join('\n'), db: h.deps.db, local: h }

/**
 * The gateway's time, in ms: the in-process clock, or the server's `Date` header (to the second; the same
 * machine's clock when the server sends none).
 */
export async function gatewayNow(h: ContractHarness): Promise<number> {
  if (h.local) return h.local.clock().getTime()
  const res = await h.request('/health')
  await res.body?.cancel()
  const date = Date.parse(res.headers.get('date') ?? '')
  return Number.isNaN(date) ? Date.now() : date
}

/** A row's columns only (the embedded engine adds `_metadata`), to compare a row before and after. */
export const columnsOf = (row: Record<string, unknown> | null): Record<string, unknown> | null =>
  row && Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith('_')))
