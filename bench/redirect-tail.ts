/**
 * `node bench/redirect-tail.ts`: the citizen redirect's tail with a backlog (issue 15). Starts the
 * gateway as `npm start` would (embedded libSQL file, FULL durability unless VARCO_DB_SYNCHRONOUS
 * says otherwise, cron off, sandbox on), creates BENCH_BACKLOG (6,000) payments through
 * `POST /payments` at BENCH_CREATE_CONNECTIONS (10), then opens each one once at 50 connections
 * (`GET /online-payment/{id}`: PAYMENT_PENDING → PAYMENT_STARTED + event, durable before the 303).
 * Prints one JSON line. BENCH_CPU_PROF=<dir> runs the gateway under `node --cpu-prof` into <dir>.
 * BENCH_HEAP_PROF=<dir> samples the gateway's allocations (bench/heap-sampler.ts) and prints, to stderr, the KB
 * allocated per creation and per first open by the nearest frame of our code (the rates are lower then).
 * @module
 */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { freePort } from '../test/setup/sqld.ts'
import { allocationsByOwnFrame } from './heap-sampler.ts'
import { createPayments, fromAutocannon, openLinksOnce, paymentTarget, withGatewayClock } from './payment-load.ts'
import { NODE, threadCpuSeconds, waitFor } from './server.ts'
import { createPaymentsWrk, openLinksOnceWrk } from './wrk.ts'

const BACKLOG = Number(process.env['BENCH_BACKLOG'] ?? 6000)
const CREATE_CONNECTIONS = Number(process.env['BENCH_CREATE_CONNECTIONS'] ?? 10)
const PROF = process.env['BENCH_CPU_PROF']
const HEAP_PROF = process.env['BENCH_HEAP_PROF']
/** The first opens' connections (the issue's goal is set at 50). */
const REDIRECT_CONNECTIONS = 50
/** `wrk`: the loads through wrk (bench/wrk.ts) instead of autocannon. */
const CLIENT = process.env['BENCH_CLIENT'] ?? 'autocannon'

export type TailFigures = {
  /** What drove the load: autocannon or wrk (BENCH_CLIENT). */
  readonly client: string
  readonly backlog: number
  readonly creationsPerS: number
  readonly creationP99: number
  /** Creations answered other than 201 (a 200 is a duplicate event). */
  readonly creationNon201: number
  /** Gateway CPU time per creation / per redirect (ms, all threads): steadier than rates on a shared machine. */
  readonly creationCpuMs: number
  readonly redirectCpuMs: number
  /** Of which the main thread's (the event loop: 1 / this bounds the rate). */
  readonly creationMainMs: number
  readonly redirectMainMs: number
  readonly redirectP50: number
  readonly redirectP90: number
  readonly redirectP99: number
  readonly redirectMax: number
  readonly redirectRps: number
  readonly redirectNon303: number
  /** The gateway's own clock (first middleware to answer): mean ms and % answered within 25 ms. */
  readonly redirectGatewayMeanMs: number
  readonly redirectGatewayWithin25Pct: number
  readonly loadAvg: readonly number[]
}

/** Has the gateway's sampler write what it saw since the last call (heap-<n>.json), and prints it per request. */
async function allocations(gw: ChildProcess, dir: string, n: number, what: string, requests: number): Promise<void> {
  const file = join(dir, `heap-${n}.json`)
  gw.kill('SIGUSR2')
  for (let i = 0; i < 600 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 50))
  const { kbPerRequest, top } = allocationsByOwnFrame(JSON.parse(readFileSync(file, 'utf8')), requests, pathToFileURL(process.cwd()).href)
  process.stderr.write(`allocated per ${what}: ${kbPerRequest} KB; by the nearest frame of our code:\n`)
  for (const t of top) process.stderr.write(`  ${String(t.kbPerRequest).padStart(6)} KB ${String(t.pct).padStart(5)}%  ${t.frame}\n`)
}

/** The measure, against a fresh gateway in a temp dir. */
export async function redirectTail(backlog = BACKLOG): Promise<TailFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'varco-tail-'))
  const env = { ...process.env, VARCO_DB_URL: `file:${join(dir, 'varco.db')}`, VARCO_CRON: 'false' }
  let gw: ChildProcess | null = null
  try {
    const port = await freePort()
    const args = [
      ...(PROF ? ['--cpu-prof', '--cpu-prof-dir', PROF] : []),
      ...(HEAP_PROF ? ['--import', './bench/heap-sampler.ts'] : []),
      'edge/node.ts',
    ]
    gw = spawn(NODE, args, { env: { ...env, PORT: String(port) }, stdio: 'ignore' })
    const url = `http://127.0.0.1:${port}`
    await waitFor(`${url}/status`, gw)
    const cli = (...a: string[]) => execFileSync(NODE, ['bin/varco.mjs', ...a], { env, encoding: 'utf8' }).trim()
    const target = await paymentTarget(url, cli)
    const links: string[] = []
    const loadAvg = loadavg().map((l) => Math.round(l * 10) / 10)
    const cpu0 = threadCpuSeconds(gw.pid)
    const created =
      CLIENT === 'wrk'
        ? await createPaymentsWrk(target, { connections: CREATE_CONNECTIONS, amount: backlog }, { links })
        : fromAutocannon(await createPayments(target, { connections: CREATE_CONNECTIONS, amount: backlog }, { links }), 201)
    const cpu1 = threadCpuSeconds(gw.pid)
    if (HEAP_PROF) await allocations(gw, HEAP_PROF, 1, 'creation', backlog)
    const opened =
      CLIENT === 'wrk'
        ? await withGatewayClock(url, REDIRECT_CONNECTIONS, () => openLinksOnceWrk(url, links, REDIRECT_CONNECTIONS))
        : await openLinksOnce(url, links, REDIRECT_CONNECTIONS).then((r) => ({ ...fromAutocannon(r, 303), gateway: r.gateway }))
    const cpu2 = threadCpuSeconds(gw.pid)
    if (HEAP_PROF) await allocations(gw, HEAP_PROF, 2, 'first open', links.length)
    const perMs = (a: number, b: number, n: number) => Math.round(((b - a) * 1000 * 100) / Math.max(1, n)) / 100
    return {
      client: CLIENT,
      backlog: links.length,
      creationsPerS: created.perS,
      creationP99: created.p99,
      creationNon201: created.unexpected,
      creationCpuMs: perMs(cpu0.main + cpu0.other, cpu1.main + cpu1.other, backlog),
      redirectCpuMs: perMs(cpu1.main + cpu1.other, cpu2.main + cpu2.other, links.length),
      creationMainMs: perMs(cpu0.main, cpu1.main, backlog),
      redirectMainMs: perMs(cpu1.main, cpu2.main, links.length),
      redirectP50: opened.p50,
      redirectP90: opened.p90,
      redirectP99: opened.p99,
      redirectMax: opened.max,
      redirectRps: opened.perS,
      redirectNon303: opened.unexpected,
      redirectGatewayMeanMs: opened.gateway.meanMs,
      redirectGatewayWithin25Pct: opened.gateway.within25Pct,
      loadAvg,
    }
  } finally {
    if (gw) {
      const exited = new Promise((r) => gw?.once('exit', r))
      gw.kill('SIGTERM')
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.main) console.log(JSON.stringify(await redirectTail()))
