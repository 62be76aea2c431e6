/**
 * `npx node bench/gateway-compare.ts <other checkout> [rounds]`: payment creations and first-open redirects of this
 * checkout against another checkout of the repo (e.g. a worktree of main), in one process, through each one's
 * `app.fetch` (the app as `npm start` builds it: embedded libSQL file, FULL, sandbox on, cron off; no HTTP server,
 * so the app's own cost is what differs), taking turns of 400 requests so both see the same machine. Creations
 * run 10 at a time, redirects 50 at a time, each payment opened once. Prints each one's main-thread CPU per
 * request (`process.threadCpuUsage`: the event loop's own time, the fsyncs and GC helpers excluded) and the
 * ratio (`COMPARE_ONLY=creation`: creations only; `=redirect`: all creations, then all redirects). For before/after figures on a machine whose speed drifts (BENCHMARKS.md); not part of `npm run bench`.
 * Run it with stdout discarded (`> /dev/null`): the access log goes there; the figures go to stderr.
 * @module
 */

import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { creationEvent } from '../test/fakes/payment-event.fake.ts'
import { paymentTarget } from './payment-load.ts'
import { NODE } from './server.ts'

type Fetch = (req: Request) => Promise<Response>
type Side = {
  readonly name: string
  readonly fetch: Fetch
  readonly auth: Record<string, string>
  readonly tenantId: string
  readonly serviceId: string
  readonly links: string[]
  readonly stop: () => Promise<void>
  cpu: { creation: number; redirect: number; creations: number; redirects: number }
}

const BASE = 'http://127.0.0.1:8787'

async function side(name: string, dir: string): Promise<Side> {
  const at = (p: string) => pathToFileURL(resolve(dir, p)).href
  const { prepareLocal } = await import(at('edge/local/serve.ts'))
  const data = mkdtempSync(join(tmpdir(), `varco-compare-${name}-`))
  const env = { ...process.env, VARCO_DB_URL: `file:${join(data, 'varco.db')}`, VARCO_CRON: 'false', PORT: '8787' }
  const local = await prepareLocal(env)
  const cli = (...a: string[]) => execFileSync(NODE, [resolve(dir, 'bin/varco.mjs'), ...a], { env, encoding: 'utf8' }).trim()
  const fetch: Fetch = (req) => Promise.resolve(local.app.fetch(req, local.env))
  const { auth, tenantId, serviceId } = await paymentTarget(BASE, cli, fetch)
  return {
    name,
    fetch,
    auth,
    tenantId,
    serviceId,
    links: [],
    cpu: { creation: 0, redirect: 0, creations: 0, redirects: 0 },
    stop: async () => {
      await local.stop()
      local.deps.db.close()
      rmSync(data, { recursive: true, force: true })
    },
  }
}

/** Runs `n` calls of `one`, `width` at a time; returns the main thread's CPU µs they took. */
async function turn(n: number, width: number, one: (i: number) => Promise<void>): Promise<number> {
  const before = process.threadCpuUsage()
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await one(next++)
    }),
  )
  const used = process.threadCpuUsage(before)
  return used.user + used.system
}

async function creations(s: Side, n: number): Promise<void> {
  s.cpu.creation += await turn(n, 10, async () => {
    const r = await s.fetch(
      new Request(`${BASE}/payments`, { method: 'POST', headers: s.auth, body: JSON.stringify(creationEvent(s.tenantId, s.serviceId)) }),
    )
    if (r.status !== 201) throw new Error(`${s.name}: creation answered ${r.status}: ${await r.text()}`)
    s.links.push((await r.json()).payment.links.online_payment_begin.url)
  })
  s.cpu.creations += n
}

async function redirects(s: Side, n: number): Promise<void> {
  const links = s.links.splice(0, n)
  s.cpu.redirect += await turn(links.length, 50, async (i) => {
    const r = await s.fetch(new Request(links[i] as string))
    if (r.status !== 303) throw new Error(`${s.name}: redirect answered ${r.status}: ${await r.text()}`)
  })
  s.cpu.redirects += links.length
}

const other = process.argv[2]
if (!other) throw new Error('usage: npx node bench/gateway-compare.ts <other checkout> [rounds]')
const rounds = Number(process.argv[3] ?? 8)
const here = await side('this', process.cwd())
const there = await side('other', other)
const TURN = 400
// COMPARE_ONLY=creation: creations only; =redirect: every creation first, then every redirect (for a profile of the
// redirects alone, by time, under --cpu-prof). Redirects need the links creations return.
const only = process.env['COMPARE_ONLY']
const orderOf = (r: number) => (r % 2 === 0 ? [here, there] : [there, here]) // who goes first alternates
for (let r = 0; r < rounds; r++) {
  for (const s of orderOf(r)) await creations(s, TURN)
  if (only === undefined) for (const s of orderOf(r)) await redirects(s, TURN)
}
if (only === 'redirect') {
  process.stderr.write(`redirects from ${Math.round(performance.now())} ms\n`)
  for (let r = 0; r < rounds; r++) for (const s of orderOf(r)) await redirects(s, TURN)
}
const us = (cpu: number, n: number) => cpu / Math.max(1, n)
for (const s of [here, there]) {
  process.stderr.write(
    `${s.name}: ${us(s.cpu.creation, s.cpu.creations).toFixed(0)} µs main-thread CPU per creation (${s.cpu.creations}), ` +
      `${us(s.cpu.redirect, s.cpu.redirects).toFixed(0)} µs per first-open redirect (${s.cpu.redirects})\n`,
  )
}
process.stderr.write(
  `this / other: creation ${(us(here.cpu.creation, here.cpu.creations) / us(there.cpu.creation, there.cpu.creations)).toFixed(3)}, ` +
    `redirect ${(us(here.cpu.redirect, here.cpu.redirects) / us(there.cpu.redirect, there.cpu.redirects)).toFixed(3)}\n`,
)
await here.stop()
await there.stop()
process.exit(0)
