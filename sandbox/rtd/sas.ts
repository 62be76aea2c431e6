/**
 * SAS grants as pagoPA's APIM issues them (spec B3 "SAS token"): a container-scoped service SAS,
 * `sig=…&st=<yyyy-MM-ddTHH:mmZ>&se=<st+60min>&spr=https&sp=rcw&sr=c&sv=2020-12-06`, for the
 * container `ade-transactions-<first 44 hex of sha256(subscription key)>`. The simulator keeps each
 * `sig` it issued and checks it on the PUT: known, for this container, not expired on its clock.
 * @module
 */

import type { RtdState } from './state.ts'

export const SAS_TTL_MS = 60 * 60_000

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')

export async function containerFor(subscriptionKey: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(subscriptionKey))
  return `ade-transactions-${hex(digest).slice(0, 44)}`
}

const minute = (d: Date) => `${d.toISOString().slice(0, 16)}Z`

/** A new grant; an already expired one while the `expired SAS` fault has any left. */
export function issueSas(state: RtdState, container: string): { sas: string; authorizedContainer: string } {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  const sig = btoa(String.fromCharCode(...bytes))
  const start = state.now()
  const expired = state.expiredSasToIssue > 0
  if (expired) state.expiredSasToIssue--
  const expiresAt = expired ? new Date(start.getTime() - 60_000) : new Date(start.getTime() + SAS_TTL_MS)
  state.sas.set(sig, { sig, container, expiresAt })
  const from = expired ? new Date(start.getTime() - SAS_TTL_MS - 60_000) : start
  const query = new URLSearchParams({ sig, st: minute(from), se: minute(expiresAt), spr: 'https', sp: 'rcw', sr: 'c', sv: '2020-12-06' })
  return { sas: query.toString(), authorizedContainer: container }
}

/** null when the SAS lets this PUT through, else Azure's error code. */
export function checkSas(state: RtdState, container: string, query: URLSearchParams): string | null {
  const sig = query.get('sig')
  const grant = sig ? state.sas.get(sig) : undefined
  if (!grant || grant.container !== container || !(query.get('sp') ?? '').includes('c')) return 'AuthenticationFailed'
  return state.now() < grant.expiresAt ? null : 'AuthenticationFailed'
}
