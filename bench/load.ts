/**
 * `npm run bench:load` (issue 16): the mixed workload of bench/load-workload.ts (80% reads, payment
 * creations through the pagoPA simulator, Revolut webhooks, SDI callbacks, FatturaPA invoices), loopback
 * only and bounded, against
 *   1. the Node gateway as `npm start` runs it (embedded libSQL, sandbox on) at 50 and 200 connections;
 *   2. a Node gateway with a small shedding limit (BENCH_SHED_INFLIGHT/QUEUE/TIMEOUT_MS) at 200
 *      connections, then 10 connections to show recovery, with /health probed throughout;
 *   3. `npm run dev:worker` (wrangler dev, workerd, sqld) at 50 connections.
 * Each run lasts BENCH_LOAD_DURATION seconds (60) after an unrecorded warm-up. BENCH_LOAD_ONLY
 * (node,shed,wrangler) picks runs. Writes the "## Load (issue 16)" section of BENCHMARKS.md and keeps the others.
 * @module
 */

import { execFile, execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, freemem, totalmem } from 'node:os'
import autocannon from 'autocannon'
import { loadMarkdown, type RunResult } from './load-report.ts'
import { type LoadServer, startLoadServer } from './load-servers.ts'
import { ClassStats } from './load-stats.ts'
import { type Fixture, prepare, requestPool, signWebhooks } from './load-workload.ts'

const DURATION_S = Number(process.env['BENCH_LOAD_DURATION'] ?? 60)
const ONLY = new Set((process.env['BENCH_LOAD_ONLY'] ?? 'node,shed,wrangler').split(','))
const SHED = {
  VARCO_MAX_INFLIGHT: process.env['BENCH_SHED_INFLIGHT'] ?? '8',
  VARCO_MAX_QUEUE: process.env['BENCH_SHED_QUEUE'] ?? '16',
  VARCO_QUEUE_TIMEOUT_MS: process.env['BENCH_SHED_TIMEOUT_MS'] ?? '500',
}

/**
 * /health every 250 ms while `until` is pending, by curl (its own process, timing itself, so a busy
 * load generator does not slow the probe): statuses and the slowest answer.
 */
async function probeHealth(url: string, until: Promise<unknown>) {
  let done = false
  void until.finally(() => {
    done = true
  })
  const seen: Record<string, number> = {}
  let maxMs = 0
  while (!done) {
    const out = await new Promise<string>((resolve) =>
      execFile('curl', ['-s', '-o', '/dev/null', '--max-time', '10', '-w', '%{http_code} %{time_total}', `${url}/health`], (_e, stdout) =>
        resolve(String(stdout)),
      ),
    )
    const [code, seconds] = out.trim().split(' ')
    const status = code && code !== '000' ? code : 'no answer'
    maxMs = Math.max(maxMs, Number(seconds ?? 0) * 1000)
    seen[status] = (seen[status] ?? 0) + 1
    await new Promise((r) => setTimeout(r, 250))
  }
  return { seen, maxMs: Math.round(maxMs) }
}

async function run(label: string, server: LoadServer, f: Fixture, connections: number, durationS: number): Promise<RunResult> {
  const stats = new ClassStats()
  const webhooks = await signWebhooks(f, 3000)
  const rss: Record<string, number> = {}
  const sample = () => {
    for (const [k, v] of Object.entries(server.rss())) rss[k] = Math.max(rss[k] ?? 0, v)
  }
  const rssStart = server.rss()
  const timer = setInterval(sample, 1000)
  const load = new Promise<autocannon.Result>((resolve, reject) => {
    const opts = { url: server.url, connections, duration: durationS, timeout: 30, requests: requestPool(f, stats, webhooks, connections) }
    autocannon(opts, (e, r) => (e ? reject(e) : resolve(r)))
  })
  const health = probeHealth(server.url, load)
  const r = await load
  clearInterval(timer)
  sample()
  const { classes, overall } = stats.rows(durationS)
  const result: RunResult = {
    label,
    runtime: server.runtime,
    connections,
    durationS,
    classes,
    overall,
    errors: r.errors,
    timeouts: r.timeouts,
    rssStart,
    rssMax: rss,
    health: await health,
    timeline: stats.timeline,
  }
  console.log(JSON.stringify({ label, overall, errors: r.errors, timeouts: r.timeouts, rssMax: rss, statuses: stats.statuses() }))
  return result
}

async function warm(server: LoadServer, f: Fixture): Promise<void> {
  const webhooks = await signWebhooks(f, 300)
  await autocannon({
    url: server.url,
    connections: 10,
    duration: Math.max(2, Math.min(5, DURATION_S / 4)),
    requests: requestPool(f, new ClassStats(), webhooks, 10),
  })
}

async function withServer<T>(runtime: LoadServer['runtime'], env: Record<string, string>, body: (s: LoadServer, f: Fixture) => Promise<T>) {
  const server = await startLoadServer(runtime, env)
  try {
    const f = await prepare(server.url, server.cli)
    await warm(server, f)
    return await body(server, f)
  } finally {
    await server.stop()
  }
}

const loadAvg = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' / ')
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
const results: RunResult[] = []
if (ONLY.has('node'))
  await withServer('node', {}, async (s, f) => {
    results.push(await run('node, defaults', s, f, 50, DURATION_S))
    results.push(await run('node, defaults', s, f, 200, DURATION_S))
  })
if (ONLY.has('shed'))
  await withServer('node', SHED, async (s, f) => {
    results.push(
      await run(
        `node, shedding (in flight ${SHED.VARCO_MAX_INFLIGHT}, queue ${SHED.VARCO_MAX_QUEUE}, wait ${SHED.VARCO_QUEUE_TIMEOUT_MS} ms): burst`,
        s,
        f,
        200,
        DURATION_S,
      ),
    )
    results.push(await run('node, shedding: right after the burst', s, f, 10, Math.min(DURATION_S, 15)))
  })
if (ONLY.has('wrangler'))
  await withServer('wrangler-dev', {}, async (s, f) => {
    results.push(await run('wrangler dev + sqld', s, f, 50, DURATION_S))
  })

const cpu = cpus()
const section = loadMarkdown(results, {
  command: `npm run bench:load (BENCH_LOAD_DURATION=${DURATION_S})`,
  date: new Date().toISOString(),
  commit,
  machine: `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM (${(freemem() / 2 ** 30).toFixed(0)} GiB free at the end), Node ${process.versions.node}, ${process.platform}/${process.arch}`,
  loadAvg,
  shed: SHED,
})
const old = existsSync('BENCHMARKS.md') ? readFileSync('BENCHMARKS.md', 'utf8') : '# Benchmarks\n'
const parts = old.split(/^(?=## )/m)
const at = parts.findIndex((p) => p.startsWith('## Load (issue 16)'))
if (at >= 0) parts[at] = `${section.trimEnd()}\n\n`
else parts.push(`${parts.length > 0 ? '\n' : ''}${section.trimEnd()}\n`)
writeFileSync('BENCHMARKS.md', `${parts.join('').trimEnd()}\n`)
console.log(section)
