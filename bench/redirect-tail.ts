/**
 * `node bench/redirect-tail.ts`: the citizen redirect's tail with a backlog (issue 15). Starts the
 * gateway as `npm start` would (embedded libSQL file, FULL durability unless VARCO_DB_SYNCHRONOUS
 * says otherwise, cron off, sandbox on), creates BENCH_BACKLOG (6,000) payments through
 * `POST /payments` at BENCH_CREATE_CONNECTIONS (10), then opens each one once at 50 connections
 * (`GET /online-payment/{id}`: PAYMENT_PENDING → PAYMENT_STARTED + event, durable before the 303).
 * Prints one JSON line. BENCH_CPU_PROF=<dir> runs the gateway under `node --cpu-prof` into <dir>.
 * @module
 */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../test/setup/sqld.ts'
import { createPayments, fromAutocannon, openLinksOnce, paymentTarget, withGatewayClock } from './payment-load.ts'
import { NODE, threadCpuSeconds, waitFor } from './server.ts'
import { createPaymentsWrk, openLinksOnceWrk } from './wrk.ts'

const BACKLOG = Number(process.env['BENCH_BACKLOG'] ?? 6000)
const CREATE_CONNECTIONS = Number(process.env['BENCH_CREATE_CONNECTIONS'] ?? 10)
const PROF = process.env['BENCH_CPU_PROF']
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
  readonly redirectP99: number
  readonly redirectMax: number
  readonly redirectRps: number
  readonly redirectNon303: number
  /** The gateway's own clock (first middleware to answer): mean ms and % answered within 25 ms. */
  readonly redirectGatewayMeanMs: number
  readonly redirectGatewayWithin25Pct: number
  readonly loadAvg: readonly number[]
}

/** The measure, against a fresh gateway in a temp dir. */
export async function redirectTail(backlog = BACKLOG): Promise<TailFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'varco-tail-'))
  const env = { ...process.env, VARCO_DB_URL: `file:${join(dir, 'varco.db')}`, VARCO_CRON: 'false' }
  let gw: ChildProcess | null = null
  try {
    const port = await freePort()
    const args = [...(PROF ? ['--cpu-prof', '--cpu-prof-dir', PROF] : []), 'edge/node.ts']
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
    const opened =
      CLIENT === 'wrk'
        ? await withGatewayClock(url, REDIRECT_CONNECTIONS, () => openLinksOnceWrk(url, links, REDIRECT_CONNECTIONS))
        : await openLinksOnce(url, links, REDIRECT_CONNECTIONS).then((r) => ({ ...fromAutocannon(r, 303), gateway: r.gateway }))
    const cpu2 = threadCpuSeconds(gw.pid)
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
