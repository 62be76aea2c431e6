/**
 * `npx node bench/profile-auth.ts [seconds]`: a CPU profile of the gateway (`node --cpu-prof
 * edge/node.ts`, embedded libSQL file) under autocannon load on the authenticated read
 * `GET /tenants/{id}` (X-API-Key + JWT), or on `/health` (middleware only) with `PROFILE_PATH=/health`,
 * then the top functions by self time. Not part of `npm run bench`.
 * @module
 */

import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { freePort } from '../test/setup/sqld.ts'
import { NODE, waitFor } from './server.ts'

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] }

/** Where a frame's code lives: a package, a file of the gateway, Node's internals or V8 (gc, idle). */
function moduleOf(url: string): string {
  if (!url) return 'v8 (gc, idle, program)'
  if (url.startsWith('node:')) return 'node internals (http, streams)'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
  return pkg ?? url.replace(`file://${process.cwd()}/`, '').replace(/\/[^/]*$/, '/')
}

/** Self time per module (package, or gateway folder), highest first. */
export function selfTimeByModule(profile: Profile): { module: string; pct: number }[] {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]))
  const self = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    const f = byId.get(id)?.callFrame
    const name = f?.functionName ?? ''
    const key =
      name === '(idle)'
        ? '(idle)'
        : ['writev', 'writeBuffer', 'writeUtf8String'].includes(name)
          ? 'socket writes (native)'
          : moduleOf(f?.url ?? '')
    self.set(key, (self.get(key) ?? 0) + dt)
    total += dt
  })
  return [...self.entries()].sort((a, b) => b[1] - a[1]).map(([module, us]) => ({ module, pct: Math.round((us / total) * 1000) / 10 }))
}

/** Self time per function (ms and share), highest first. */
export function topSelfTime(profile: Profile, n: number): { fn: string; ms: number; pct: number }[] {
  const byId = new Map(profile.nodes.map((x) => [x.id, x]))
  const self = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    const f = byId.get(id)?.callFrame
    const where = f?.url ? `${f.url.replace(/^.*\/(node_modules\/)?/, '')}:${f.lineNumber + 1}` : ''
    const key = `${f?.functionName || '(anonymous)'} ${where}`.trim()
    self.set(key, (self.get(key) ?? 0) + dt)
    total += dt
  })
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([fn, us]) => ({ fn, ms: Math.round(us / 1000), pct: Math.round((us / total) * 1000) / 10 }))
}

const seconds = Number(process.argv[2] ?? 10)
const dir = mkdtempSync(join(tmpdir(), 'varco-profile-'))
const env = { ...process.env, VARCO_DB_URL: `file:${join(dir, 'varco.db')}`, VARCO_CRON: 'false' }
const port = await freePort()
const gw = spawn(NODE, ['--cpu-prof', `--cpu-prof-dir=${dir}`, 'edge/node.ts'], { env: { ...env, PORT: String(port) }, stdio: 'ignore' })
try {
  await waitFor(`http://127.0.0.1:${port}/status`, gw)
  const cli = (...args: string[]) => execFileSync(NODE, ['bin/varco.mjs', ...args], { env, encoding: 'utf8' }).trim()
  const tenant = JSON.parse(cli('tenant', 'create', '--name', 'Comune di Bugliano', '--tax-id', '00341620508')) as {
    id: string
    api_key: string
  }
  const token = cli('token', '--tenant', tenant.id, '--user', 'bench', '--role', 'viewer', '--ttl', '1h')
  const url = `http://127.0.0.1:${port}${process.env['PROFILE_PATH'] ?? `/tenants/${tenant.id}`}`
  const r = await autocannon({
    url,
    connections: 50,
    duration: seconds,
    headers: { 'x-api-key': tenant.api_key, authorization: `Bearer ${token}` },
  })
  console.log(`${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`)
  const exited = new Promise((resolve) => gw.once('exit', resolve))
  gw.kill('SIGTERM')
  await exited
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
  if (!file) throw new Error('no profile written')
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile
  for (const row of selfTimeByModule(profile).slice(0, 15)) console.log(`${String(row.pct).padStart(5)}%  ${row.module}`)
  console.log('')
  for (const row of topSelfTime(profile, Number(process.env['PROFILE_TOP'] ?? 25)))
    console.log(`${String(row.pct).padStart(5)}%  ${String(row.ms).padStart(6)} ms  ${row.fn}`)
} finally {
  gw.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
}
