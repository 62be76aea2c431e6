/**
 * `npx node bench/auth-cpu.ts [seconds] [other checkout]`: the authenticated read's part of `npm run
 * bench` alone, with each server's CPU time per request (user + system from /proc/<pid>/stat over the
 * measured run, divided by the requests answered), which is steadier than req/s on a shared machine.
 * Rows: the bare Hono route, the gateway's /health (middleware only) and `GET /tenants/{id}`
 * (X-API-Key + JWT, embedded libSQL file). With another checkout (e.g. /work/main), its gateway runs
 * beside this one and the rows alternate, two rounds, for a before/after under the same load.
 * Linux only (reads /proc). Not part of `npm run bench`.
 * @module
 */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { freePort } from '../test/setup/sqld.ts'
import { cpuSeconds, NODE, waitFor } from './server.ts'

type Row = { name: string; rps: number; p50: number; p99: number; non2xx: number; cpuUs: number }

const seconds = Number(process.argv[2] ?? 10)
const other = process.argv[3]

async function load(name: string, server: ChildProcess, url: string, headers: Record<string, string> = {}): Promise<Row> {
  await autocannon({ url, connections: 50, duration: 2, headers })
  const before = cpuSeconds(server.pid as number)
  const r = await autocannon({ url, connections: 50, duration: seconds, headers })
  const cpu = cpuSeconds(server.pid as number) - before
  const cpuUs = Math.round((cpu * 1e6) / Math.max(1, r.requests.total))
  return { name, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, cpuUs }
}

type Gateway = { label: string; proc: ChildProcess; base: string; auth: Record<string, string>; tenantPath: string }

/** A gateway of the checkout at `cwd` (`npm start`: embedded libSQL file, cron off) with a tenant and a viewer token. */
async function gateway(label: string, cwd: string, dir: string): Promise<Gateway> {
  const env = { ...process.env, VARCO_DB_URL: `file:${join(dir, `${label}.db`)}`, VARCO_CRON: 'false' }
  const port = await freePort()
  const node = join(cwd, 'node_modules', '.bin', 'node')
  const proc = spawn(node, ['edge/node.ts'], { cwd, env: { ...env, PORT: String(port) }, stdio: 'ignore' })
  children.push(proc)
  await waitFor(`http://127.0.0.1:${port}/status`, proc)
  const cli = (...args: string[]) => execFileSync(node, ['bin/varco.mjs', ...args], { cwd, env, encoding: 'utf8' }).trim()
  const tenant = JSON.parse(cli('tenant', 'create', '--name', 'Comune di Bugliano', '--tax-id', '00341620508')) as {
    id: string
    api_key: string
  }
  const token = cli('token', '--tenant', tenant.id, '--user', 'bench', '--role', 'viewer', '--ttl', '1h')
  return {
    label,
    proc,
    base: `http://127.0.0.1:${port}`,
    auth: { 'x-api-key': tenant.api_key, authorization: `Bearer ${token}` },
    tenantPath: `/tenants/${tenant.id}`,
  }
}

const dir = mkdtempSync(join(tmpdir(), 'varco-auth-cpu-'))
const children: ChildProcess[] = []
try {
  const barePort = await freePort()
  const bare = spawn(NODE, ['bench/bare-server.ts'], { env: { ...process.env, PORT: String(barePort) }, stdio: 'ignore' })
  children.push(bare)
  await waitFor(`http://127.0.0.1:${barePort}/`, bare)
  const gateways = [await gateway('this', process.cwd(), dir), ...(other ? [await gateway('other', other, dir)] : [])]
  const rows: Row[] = []
  for (let round = 0; round < (other ? 2 : 1); round++) {
    rows.push(await load('bare Hono route', bare, `http://127.0.0.1:${barePort}/`))
    for (const g of gateways) rows.push(await load(`${g.label}: GET /health`, g.proc, `${g.base}/health`))
    for (const g of gateways) rows.push(await load(`${g.label}: GET /tenants/{id}`, g.proc, `${g.base}${g.tenantPath}`, g.auth))
  }
  console.log('| Route | req/s | p50 ms | p99 ms | non-2xx | server CPU µs/request |')
  console.log('|---|---:|---:|---:|---:|---:|')
  for (const r of rows) console.log(`| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${r.cpuUs} |`)
} finally {
  for (const c of children) c.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
}
