/**
 * bench/wrk.ts drives wrk (Debian's package) with Lua that hands out a list, each entry once. Two things in wrk make
 * that easy to get wrong, and both once did: wrk calls request() once before the run without sending it, and several
 * connections can pass delay() before the first of them calls request(). A local server records what arrives.
 */

import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPaymentsWrk, openLinksOnceWrk } from '../../bench/wrk.ts'
import { requireTool } from '../setup/tools.ts'

async function body(req: IncomingMessage): Promise<string> {
  let s = ''
  for await (const chunk of req) s += String(chunk)
  return s
}

describe('bench/wrk.ts: each entry of the list sent exactly once', () => {
  const wrk = requireTool('wrk', 'wrk')
  if (wrk === '') return
  let server: Server
  let url: string
  const gets: string[] = []
  const posts: { id: string; auth: string | undefined }[] = []
  const held: (() => void)[] = []
  let release: ReturnType<typeof setInterval>

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      if (req.method === 'POST') {
        const ev = JSON.parse(await body(req)) as { id: string }
        posts.push({ id: ev.id, auth: req.headers['x-api-key'] as string | undefined })
        // Every fifth event answers 200 (a duplicate, for the gateway): counted as unexpected, and no link.
        const dup = posts.length % 5 === 0
        res.writeHead(dup ? 200 : 201, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({
            payment: { links: { online_payment_begin: { url: `http://gw.test/online-payment/${ev.id}?sig=a_b-c`, method: 'GET' } } },
          }),
        )
        return
      }
      gets.push(req.url ?? '')
      // Answers leave in batches, every 5 ms, so that many connections reach delay() in the same turn of wrk's loop,
      // as at the end of the list: the case where a delay() that does not reserve lets several take the last entry.
      held.push(() => {
        res.writeHead(req.url?.endsWith('/404') ? 404 : 303, { location: 'http://checkout.test/' })
        res.end()
      })
    })
    release = setInterval(() => {
      for (const answer of held.splice(0)) answer()
    }, 5)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    clearInterval(release)
    await new Promise<void>((r) => server.close(() => r()))
  })

  it('opens each link once at 50 connections, stops at the last answer, and counts answers other than 303', async () => {
    gets.length = 0
    const links = Array.from({ length: 500 }, (_, i) => `/online-payment/${i}?sig=x${i === 7 || i === 499 ? '/404' : ''}`)
    const r = await openLinksOnceWrk(url, links, 50)
    expect(gets).toHaveLength(500)
    expect(new Set(gets).size).toBe(500)
    expect([...gets].sort()).toEqual([...links].sort())
    expect(r.requests).toBe(500)
    expect(r.unexpected).toBe(2)
    expect(r.errors).toBe(0)
    expect(r.perS).toBeGreaterThan(0)
    expect(r.p99).toBeGreaterThanOrEqual(r.p50)
  })

  it('sends each creation event once with the headers, and keeps the link (path and query) of every 201', async () => {
    posts.length = 0
    const links: string[] = []
    const t = { url, auth: { 'x-api-key': 'vk_test', 'content-type': 'application/json' }, tenantId: 't', serviceId: 's' }
    const r = await createPaymentsWrk(t, { connections: 10, amount: 300 }, { links })
    expect(posts).toHaveLength(300)
    expect(new Set(posts.map((p) => p.id)).size).toBe(300)
    expect(posts.every((p) => p.auth === 'vk_test')).toBe(true)
    expect(r.requests).toBe(300)
    expect(r.unexpected).toBe(60)
    expect(links).toHaveLength(240)
    expect(links.every((l) => /^\/online-payment\/[0-9a-f-]{36}\?sig=a_b-c$/.test(l))).toBe(true)
  })
})
