/**
 * DNS rebinding (adapters/outbound/guarded-fetch.ts): a sink whose public-looking name resolves to
 * loopback, private, link-local or a mapped form of them when the connection is made is refused
 * before any byte is sent. Names are resolved by an injected lookup, never by DNS: nothing leaves
 * the machine. The control calls prove the injected lookup is what connects.
 * @module
 */

import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent, fetch as undiciFetch } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonLogger } from '../../../adapters/log/json-logger.ts'
import { BlockedAddressError, guardedFetch, type Lookup } from '../../../adapters/outbound/guarded-fetch.ts'
import { addressProblem } from '../../../core/outbound-url.ts'
import { buildDeps } from '../../../edge/deps/index.ts'
import type { OutboundEvent } from '../../../ports/event-publisher.port.ts'

/** Resolves every name to `addresses` and records what it was asked. */
function fakeLookup(addresses: string[], asked: string[] = []): Lookup {
  return (hostname, options, callback) => {
    asked.push(hostname)
    const all = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
    if (options.all) callback(null, all)
    else callback(null, all[0]?.address ?? '', all[0]?.family)
  }
}

let server: Server
let port = 0
let hits = 0

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits++
    res.end('reached')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

describe('addressProblem (resolved addresses)', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '0.0.0.0',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.0.1',
    '100.64.1.1',
    '169.254.169.254',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::127.0.0.1',
    '64:ff9b::a9fe:a9fe',
    'fd00::1',
    'fe80::1%eth0',
    'ff02::1',
    'not-an-ip',
  ])('refuses %s', (a) => expect(addressProblem(a)).not.toBeNull())
  it.each(['8.8.8.8', '151.101.1.1', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8', '64:ff9b::808:808'])('allows %s', (a) =>
    expect(addressProblem(a)).toBeNull(),
  )
})

describe('guardedFetch', () => {
  it('control: the injected lookup is what connects (an unguarded agent reaches the server by a fake name)', async () => {
    const dispatcher = new Agent({ connect: { lookup: fakeLookup(['127.0.0.1']) } })
    const res = await undiciFetch(`http://sink.example:${port}/hook`, { dispatcher })
    expect(await res.text()).toBe('reached')
  })

  it.each([[['127.0.0.1']], [['::ffff:127.0.0.1']], [['93.184.215.14', '127.0.0.1']], [['169.254.169.254']]])(
    'refuses a name that resolves to %j at connect time; nothing is sent',
    async (addresses) => {
      const asked: string[] = []
      const before = hits
      const call = guardedFetch({ lookup: fakeLookup(addresses, asked) })(`http://rebind.example:${port}/hook`, {
        method: 'POST',
        body: '{}',
      })
      const e = await call.then(
        () => null,
        (x: unknown) => x,
      )
      expect(e).toBeInstanceOf(TypeError)
      expect((e as Error).message).toMatch(/outbound connection to rebind\.example refused: the address is/)
      expect((e as Error).cause).toBeInstanceOf(BlockedAddressError)
      expect(asked).toEqual(['rebind.example'])
      expect(hits).toBe(before)
    },
  )

  it('refuses address literals without a lookup (no DNS involved)', async () => {
    const before = hits
    for (const host of ['127.0.0.1', '[::ffff:127.0.0.1]', '[::1]']) {
      await expect(guardedFetch({ lookup: fakeLookup([]) })(`http://${host}:${port}/`)).rejects.toThrow(/refused/)
    }
    expect(hits).toBe(before)
  })

  it('in production the webhook sink uses it: an event to a name resolving to loopback is retried, never delivered', async () => {
    const before = hits
    const deps = buildDeps(
      {
        VARCO_ENV: 'production',
        VARCO_DB_URL: ':memory:',
        JWT_SECRET: 'x'.repeat(40),
        VARCO_PUBLIC_URL: 'https://varco.example.com',
        VARCO_PUBLISHERS: 'webhook',
        // `.invalid` (RFC 2606): were the guard not wired, the real resolver could not resolve it either.
        WEBHOOK_URL: `https://hooks.varco.invalid:${port}/varco`,
        WEBHOOK_SECRET: 'webhook-secret-0123456789',
      },
      { sinkFetch: guardedFetch({ lookup: fakeLookup(['127.0.0.1']) }), logger: jsonLogger({ level: 'error', write: () => {} }) },
    )
    const webhook = deps.eventPublishers['webhook']
    const event = { event_id: 'evt-1' } as unknown as OutboundEvent
    const r = await webhook?.publish(event, 'svc-1')
    expect(r).toMatchObject({ kind: 'retryable', reason: expect.stringMatching(/hooks\.varco\.invalid refused: the address is loopback/) })
    expect(hits).toBe(before)
    deps.db.close()
  })
})
