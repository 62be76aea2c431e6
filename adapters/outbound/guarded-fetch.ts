/**
 * The fetch of the event sinks (WEBHOOK_URL, KAFKA_REST_URL) on Node and Deno in production: the
 * host name is resolved when the connection is made and refused if any address it resolves to is
 * loopback, private, shared, link-local, unique-local, multicast, reserved or an IPv4-mapped/NAT64
 * form of one (`addressProblem`, core/outbound-url.ts). The URL check at start-up cannot see this:
 * a public name may resolve to 127.0.0.1 or 169.254.169.254 when called (DNS rebinding). The
 * address checked is the address connected to (undici `connect.lookup`), redirects included.
 * Workers need none of this (SECURITY.md).
 * @module
 */

import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { Agent, fetch as undiciFetch } from 'undici'
import { addressProblem } from '../../core/outbound-url.ts'

/** `dns.lookup`'s shape, as `net.connect` calls it; tests inject one so no name is really resolved. */
export type Lookup = (
  hostname: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void

/** Thrown (as the cause of fetch's TypeError) when a sink's address is refused. */
export class BlockedAddressError extends Error {
  override readonly name = 'BlockedAddressError'
  readonly code = 'ERR_OUTBOUND_BLOCKED'
}

const blocked = (host: string, why: string) => new BlockedAddressError(`outbound connection to ${host} refused: ${why}`)

/** A lookup that answers only when every address of `hostname` may be connected to. */
export function guardedLookup(base: Lookup = dnsLookup as unknown as Lookup): Lookup {
  return (hostname, options, callback) => {
    base(hostname, { ...options, all: true }, (e, result) => {
      if (e) return callback(e, [])
      const all = Array.isArray(result) ? result : [{ address: result, family: result.includes(':') ? 6 : 4 }]
      const bad = all.map((a) => addressProblem(a.address)).find((p) => p !== null)
      if (bad || all.length === 0) return callback(blocked(hostname, bad ?? 'the name has no address'), [])
      if (options.all) return callback(null, all)
      const [first] = all as [LookupAddress]
      callback(null, first.address, first.family)
    })
  }
}

const IP_LITERAL = /^(\d+\.\d+\.\d+\.\d+|\[[0-9a-f:.]+\])$/i

/**
 * A fetch whose connections go through {@link guardedLookup}; an address literal in the URL (which
 * needs no lookup) is checked before the call. Its failures are fetch's usual `TypeError` with the
 * BlockedAddressError as `cause`, so callers treat them as a network failure (retried, never sent).
 */
export function guardedFetch(options: { readonly lookup?: Lookup } = {}): typeof fetch {
  const dispatcher = new Agent({ connect: { lookup: guardedLookup(options.lookup) } })
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (IP_LITERAL.test(url.hostname)) {
      const why = addressProblem(url.hostname.replace(/^\[|\]$/g, ''))
      if (why) {
        const cause = blocked(url.hostname, why)
        throw new TypeError(`fetch failed: ${cause.message}`, { cause })
      }
    }
    try {
      return await undiciFetch(
        input as Parameters<typeof undiciFetch>[0],
        { ...(init as object), dispatcher } as Parameters<typeof undiciFetch>[1],
      )
    } catch (e) {
      // Name the refusal in the message: callers log `e.message` (the outbox's reason), not its cause.
      const cause = (e as { cause?: unknown }).cause
      if (cause instanceof BlockedAddressError) throw new TypeError(`fetch failed: ${cause.message}`, { cause })
      throw e
    }
  }) as unknown as typeof fetch
}
