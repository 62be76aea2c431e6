/**
 * `npm run bench:worker`: the Workers bundle and its cold start (issue 15 point 4). Builds the Worker as
 * `npm run build` does and reports (1) the gzipped size of every uploaded module against the 1.5 MiB limit,
 * and what worker.js holds per package, split into startup and lazily evaluated code; (2) the startup CPU
 * of an isolate (`wrangler check startup`: a CPU profile of the top-level evaluation in local workerd,
 * median of BENCH_STARTUP_RUNS); (3) the first-request latency of a cold isolate in workerd (Miniflare,
 * a fresh instance per request, median of BENCH_COLD_RUNS) for GET /health, an authenticated
 * GET /tenants/{id} against sqld and POST /fatturapa/genera (its first use instantiates libxml2 and
 * compiles the XSD), each next to the same request on the now warm isolate. Replaces its own section of
 * BENCHMARKS.md and keeps the others.
 * @module
 */

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { GENERA_EXAMPLE } from '../openapi/fatturapa.ts'
import { startSqld } from '../test/setup/sqld.ts'
import { NODE } from './server.ts'
import { BUNDLE_LIMIT_KIB, type BuiltWorker, buildWorker, bundleShares, miniflareFor, ROOT, workerEnv } from './worker-bundle.ts'

const STARTUP_RUNS = Number(process.env['BENCH_STARTUP_RUNS'] ?? 5)
const COLD_RUNS = Number(process.env['BENCH_COLD_RUNS'] ?? 5)
const HEADING = '## Workers bundle and cold start (issue 15)'
const JWT_SECRET = 'bench-worker-cold-secret-0123456789abcdef'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN
const kib = (bytes: number) => (bytes / 1024).toFixed(1)
const ms = (x: number) => x.toFixed(0)

/** Median "Active" CPU (and its GC part) of `wrangler check startup` on the prebuilt upload bundle. */
function startupCpu(dir: string): { activeMs: number; gcMs: number; runs: number[]; failed: number } {
  const bundle = join(dir, 'worker.bundle')
  const wrangler = join(ROOT, 'node_modules', '.bin', 'wrangler')
  const opts = { cwd: ROOT, env: workerEnv(), encoding: 'utf8' as const, stdio: 'pipe' as const, timeout: 180_000 }
  execFileSync(wrangler, ['deploy', '--dry-run', '--outfile', bundle], opts)
  const active: number[] = []
  const gc: number[] = []
  let failed = 0
  // wrangler gives the profiler 10 s; on a loaded machine a run can time out: retried, and counted.
  for (let i = 0; active.length < STARTUP_RUNS && i < STARTUP_RUNS * 2; i++) {
    try {
      const out = execFileSync(wrangler, ['check', 'startup', '--worker', bundle, '--outfile', join(dir, `startup-${i}.cpuprofile`)], opts)
      const m = /Active: ([\d.]+) ms \(including ([\d.]+) ms garbage collection\)/.exec(out)
      if (!m) throw new Error(`wrangler check startup printed no Active time:\n${out}`)
      active.push(Number(m[1]))
      gc.push(Number(m[2]))
    } catch (e) {
      failed++
      console.error(`wrangler check startup failed (${failed}): ${String(e).split('\n')[0]}`)
    }
  }
  return { activeMs: median(active), gcMs: median(gc), runs: active, failed }
}

type Probe = { readonly name: string; readonly url: string; readonly init?: RequestInit }
type ColdRow = { readonly name: string; readyMs: number; firstMs: number; warmMs: number; status: number }

/** A fresh workerd per probe and run: the time to `ready` (process + isolate start), the first request, a second one. */
async function coldRows(built: BuiltWorker, bindings: Record<string, string>, probes: readonly Probe[]): Promise<ColdRow[]> {
  const rows: ColdRow[] = []
  for (const probe of probes) {
    const ready: number[] = []
    const first: number[] = []
    const warm: number[] = []
    let status = 0
    for (let i = 0; i < COLD_RUNS; i++) {
      const t0 = performance.now()
      const mf = await miniflareFor(built, { bindings })
      try {
        await mf.ready
        const t1 = performance.now()
        const res = await mf.dispatchFetch(probe.url, probe.init as never)
        await res.arrayBuffer()
        const t2 = performance.now()
        status = res.status
        await (await mf.dispatchFetch(probe.url, probe.init as never)).arrayBuffer()
        ready.push(t1 - t0)
        first.push(t2 - t1)
        warm.push(performance.now() - t2)
      } finally {
        await mf.dispose()
      }
    }
    rows.push({ name: probe.name, readyMs: median(ready), firstMs: median(first), warmMs: median(warm), status })
  }
  return rows
}

const load = loadavg()[0]?.toFixed(1) ?? '?'
const dir = mkdtempSync(join(tmpdir(), 'varco-bench-worker-'))
const sqld = await startSqld()
try {
  const built = buildWorker(dir)
  const shares = bundleShares(built)
  const startup = startupCpu(dir)

  const env = { ...process.env, VARCO_DB_URL: sqld.url, JWT_SECRET, LOG_LEVEL: 'warn' }
  const cli = (...args: string[]) => execFileSync(NODE, ['bin/varco.mjs', ...args], { env, encoding: 'utf8' }).trim()
  cli('migrate')
  const tenant = JSON.parse(cli('tenant', 'create', '--name', 'Comune di Bugliano', '--tax-id', '00341620508')) as {
    id: string
    api_key: string
  }
  const token = cli('token', '--tenant', tenant.id, '--user', 'bench', '--role', 'admin', '--ttl', '1h')
  const auth = { 'x-api-key': tenant.api_key, authorization: `Bearer ${token}` }
  const bindings = { VARCO_ENV: 'development', VARCO_DB_URL: sqld.url, JWT_SECRET, LOG_LEVEL: 'warn', VARCO_CRON: 'false' }
  const cold = await coldRows(built, bindings, [
    { name: 'GET /health', url: 'http://varco.test/health' },
    { name: 'GET /tenants/{id} (key + JWT, sqld)', url: `http://varco.test/tenants/${tenant.id}`, init: { headers: auth } },
    {
      name: 'POST /fatturapa/genera (libxml2 + XSD on first use)',
      url: 'http://varco.test/fatturapa/genera',
      init: { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(GENERA_EXAMPLE) },
    },
  ])
  const commit = execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8' }).trim()
  const section = `${HEADING}

Command: \`npm run bench:worker\` (bench/worker-cold.ts). Commit ${commit}. Date: ${new Date().toISOString()}. Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${load} at the start (shared machine: indicative figures).

**Upload** (\`npm run build\`, minified; Cloudflare's limit applies to the whole upload, so the lazily loaded modules count too):
**${built.gzipKiB.toFixed(1)} KiB gzipped** (wrangler: ${built.wranglerGzipKiB} KiB), limit ${BUNDLE_LIMIT_KIB} KiB (1.5 MiB), checked by test/e2e/bundle-size.test.ts.

| module | bytes | gzip KiB |
|---|---:|---:|
${built.modules.map((m) => `| ${m.name.replace(/^[0-9a-f]{40}-/, '')} | ${m.bytes} | ${kib(m.gzipBytes)} |`).join('\n')}

What worker.js holds (minified KiB per package, before gzip): evaluated at isolate startup, or only on first use (reached by a dynamic \`import()\` alone: esbuild wraps it and wrangler keeps it in worker.js, so it counts towards the upload but not the startup). libxml2's wasm is its own module, instantiated on the first FatturaPA request.

| package | startup KiB | lazy KiB |
|---|---:|---:|
${shares
  .filter((s) => s.startupBytes + s.lazyBytes >= 8 * 1024)
  .map((s) => `| ${s.name} | ${kib(s.startupBytes)} | ${kib(s.lazyBytes)} |`)
  .join('\n')}

**Startup CPU** (\`wrangler check startup\`: CPU profile of the top-level evaluation in local workerd, median of ${STARTUP_RUNS}): **${ms(startup.activeMs)} ms** active, of which ${ms(startup.gcMs)} ms GC (runs: ${startup.runs.map(ms).join(', ')} ms${startup.failed > 0 ? `; ${startup.failed} more timed out after wrangler's 10 s` : ''}). Cloudflare's limit on startup is 1 s of CPU; its CPU is not this one.

**Cold isolate, first request** (Miniflare: a fresh workerd per run, median of ${COLD_RUNS}; *ready* = workerd process started and the Worker loaded; *first* = the first request on that isolate; *warm* = the same request right after; sqld on 127.0.0.1):

| request | status | ready ms | first ms | warm ms |
|---|---:|---:|---:|---:|
${cold.map((r) => `| ${r.name} | ${r.status} | ${ms(r.readyMs)} | **${ms(r.firstMs)}** | ${ms(r.warmMs)} |`).join('\n')}

The first request pays what startup leaves for later: the deps of the isolate (config parse, libSQL client, adapters), the first
connection to sqld (and the credential reads), and for FatturaPA the libxml2 wasm instantiation and the XSD compilation.
`
  const file = 'BENCHMARKS.md'
  const md = readFileSync(file, 'utf8')
  const at = md.indexOf(HEADING)
  const end = at < 0 ? -1 : md.indexOf('\n## ', at + HEADING.length)
  writeFileSync(file, at < 0 ? `${md.trimEnd()}\n\n${section}` : `${md.slice(0, at)}${section}${end < 0 ? '' : md.slice(end + 1)}`)
  console.log(section)
} finally {
  await sqld.stop()
  rmSync(dir, { recursive: true, force: true })
}
