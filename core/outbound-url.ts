/**
 * SSRF guard for URLs the gateway calls or hands out as its own callback (the event webhook, the
 * Kafka REST Proxy, the OpenAPI.it callback): in production they must be `https:` and must not name
 * loopback, private (RFC 1918, fc00::/7), shared (100.64/10), link-local (169.254/16, which holds
 * cloud metadata, and fe80::/10), unspecified, multicast or reserved addresses, nor `localhost` or a
 * `.localhost`/`.local`/`.internal` name. Literal addresses are checked in every form the WHATWG URL
 * parser accepts (it normalises `0x7f.1`, `2130706433`, `[::ffff:127.0.0.1]`). A public name that
 * resolves to a private address (DNS rebinding) is caught at connect time on Node and Deno by
 * {@link addressProblem} (adapters/outbound/guarded-fetch.ts); see SECURITY.md for Workers.
 * @module
 */

const BLOCKED_V4: ReadonlyArray<readonly [base: number, bits: number, what: string]> = [
  [0x00000000, 8, 'unspecified (0.0.0.0/8)'],
  [0x0a000000, 8, 'private (10/8)'],
  [0x64400000, 10, 'shared (100.64/10)'],
  [0x7f000000, 8, 'loopback (127/8)'],
  [0xa9fe0000, 16, 'link-local (169.254/16, cloud metadata)'],
  [0xac100000, 12, 'private (172.16/12)'],
  [0xc0000000, 24, 'reserved (192.0.0/24)'],
  [0xc0a80000, 16, 'private (192.168/16)'],
  [0xc6120000, 15, 'benchmarking (198.18/15)'],
  [0xe0000000, 4, 'multicast (224/4)'],
  [0xf0000000, 4, 'reserved (240/4)'],
]

function v4Problem(host: string): string | null {
  const parts = host.split('.').map(Number)
  const n = ((parts[0] ?? 0) * 2 ** 24 + (parts[1] ?? 0) * 2 ** 16 + (parts[2] ?? 0) * 2 ** 8 + (parts[3] ?? 0)) >>> 0
  for (const [base, bits, what] of BLOCKED_V4) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0
    if ((n & mask) >>> 0 === base) return `the address is ${what}`
  }
  return null
}

/** The eight 16-bit groups of a normalised IPv6 literal (without brackets). */
function v6Groups(host: string): number[] {
  const [head, tail] = host.includes('::') ? host.split('::') : [host, undefined]
  const parse = (s: string | undefined) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : [])
  const h = parse(head)
  const t = parse(tail)
  return tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t]
}

function v6Problem(host: string): string | null {
  // A dotted IPv4 tail (`::ffff:127.0.0.1`, as resolvers print mapped addresses) becomes two groups.
  const tail = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host)
  if (tail) {
    const [a, b, c, d] = tail.slice(2).map(Number) as [number, number, number, number]
    return v6Problem(`${tail[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`)
  }
  const g = v6Groups(host)
  const [a = 0, , , , , f = 0, x = 0, y = 0] = g
  if (g.slice(0, 7).every((v) => v === 0) && (y === 0 || y === 1)) return 'the address is loopback or unspecified (::1, ::)'
  if (g.slice(0, 5).every((v) => v === 0) && f === 0xffff) return v4Problem(`${x >> 8}.${x & 255}.${y >> 8}.${y & 255}`)
  // NAT64 (64:ff9b::/96) and IPv4-compatible (::a.b.c.d) forms reach the IPv4 address they embed.
  if ((a === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((v) => v === 0)) || g.slice(0, 6).every((v) => v === 0)) {
    return v4Problem(`${x >> 8}.${x & 255}.${y >> 8}.${y & 255}`)
  }
  if ((a & 0xfe00) === 0xfc00) return 'the address is unique-local (fc00::/7)'
  if ((a & 0xffc0) === 0xfe80) return 'the address is link-local (fe80::/10)'
  if ((a & 0xff00) === 0xff00) return 'the address is multicast (ff00::/8)'
  return null
}

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/

/** Why `raw` may not be called in production, or null when it may. */
export function outboundUrlProblem(raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'is not a URL'
  }
  if (url.protocol !== 'https:') return 'must be https'
  if (url.username || url.password) return 'must not carry credentials'
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  if (host.startsWith('[')) return v6Problem(host.slice(1, -1))
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return v4Problem(host)
  if (LOCAL_NAMES.test(host) || !host.includes('.')) return 'names a local host'
  return null
}

/**
 * Why a resolved IP address (as `dns.lookup` gives it: dotted IPv4 or IPv6 text, mapped IPv4
 * included) may not be connected to in production, or null when it may.
 * @example addressProblem('::ffff:127.0.0.1') // 'the address is loopback (127/8)'
 */
export function addressProblem(address: string): string | null {
  const a = address.trim().toLowerCase().replace(/%.*$/, '')
  if (/^\d+\.\d+\.\d+\.\d+$/.test(a)) return v4Problem(a)
  if (a.includes(':')) return v6Problem(a)
  return 'is not an IP address'
}
