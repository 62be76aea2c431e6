/**
 * `npm run bench:events`: latency from a CREATION_PENDING on the Kafka topic to its PAYMENT_PENDING
 * on the topic, through the long-lived consumer (issue 14 point 5; goal p99 < 2 s). The gateway runs
 * as users run it (`node edge/node.ts`, `deno run … edge/deno.ts`; cron off, sandbox pagoPA
 * simulator for the creation); the Kafka REST Proxy is the fake of test/fakes on 127.0.0.1, holding
 * polls as Confluent's proxy does. Two proxy settings: the defaults (consumer.request.timeout.ms
 * 1000, fetch.min.bytes -1: every poll is held for its whole timeout, the gateway's default 500 ms)
 * and fetch.min.bytes=1 (a poll answers as soon as a record is there). Events arrive at random (Poisson, BENCH_EVENTS_RATE per
 * second), BENCH_EVENTS of them after 10 unrecorded warm-up events. Prints p50/p99 and replaces its
 * own section of BENCHMARKS.md. BENCH_RUNTIMES=node,deno,workers (default all three): the Workers row
 * (bench/events-workers.ts) sends the events to the Cloudflare Queue `varco-payments-in` of the built
 * Worker in Miniflare instead, as a Workers deployment receives them.
 * @module
 */

import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FetchWait } from '../sandbox/kafka-rest/index.ts'
import { kafkaRestFake } from '../test/fakes/kafka-rest-server.ts'
import { listenLocally } from '../test/fakes/listen.ts'
import { creationEvent } from '../test/fakes/payment-event.fake.ts'
import { freePort } from '../test/setup/sqld.ts'
import { type LatencyRow, measureWorkers, QUEUE_SIMULATION } from './events-workers.ts'
import { paymentTarget } from './payment-load.ts'
import { NODE, waitFor } from './server.ts'

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200)
const RATE = Number(process.env['BENCH_EVENTS_RATE'] ?? 5)
const RUNTIMES = (process.env['BENCH_RUNTIMES'] ?? 'node,deno,workers').split(',')
const WARMUP = 10
/** KAFKA_POLL_TIMEOUT_MS's default, left as is: the gateway runs with its default configuration. */
const POLL_TIMEOUT_MS = 500
const DENO = join(process.cwd(), 'node_modules', '.bin', 'deno')
const DENO_DIR = join(process.cwd(), 'node_modules', '.cache', 'varco-deno-dir')
const HEADING = '## Events in → PAYMENT_PENDING out (issue 14)'

/** The 1-minute load average at the start of each row (the machine is shared). */
const loads: string[] = []

type Row = LatencyRow

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN

async function measure(runtime: 'node' | 'deno', proxy: string, wait: FetchWait): Promise<Row> {
  loads.push(loadavg()[0]?.toFixed(1) ?? '?')
  const fake = kafkaRestFake({ fetchWait: wait })
  const sent = new Map<string, number>()
  const out = new Map<string, number>()
  // PAYMENT_PENDING arrives as a v3 produce request: its arrival time is the end of the measure.
  const kafka = await listenLocally(async (req) => {
    const copy = req.method === 'POST' && req.url.includes('/records') && !req.url.includes('/consumers/') ? req.clone() : null
    const res = await fake.app.fetch(req)
    if (copy) {
      const value = ((await copy.json()) as { value?: { data?: { id?: string; status?: string } } }).value?.data
      if (value?.status === 'PAYMENT_PENDING' && value.id && !out.has(value.id)) out.set(value.id, performance.now())
    }
    return res
  })
  const dir = mkdtempSync(join(tmpdir(), 'varco-bench-events-'))
  const port = await freePort()
  const env = {
    ...process.env,
    PORT: String(port),
    VARCO_DB_URL: `file:${join(dir, 'varco.db')}`,
    VARCO_CRON: 'false',
    LOG_LEVEL: 'warn',
    VARCO_PUBLISHERS: 'kafka',
    KAFKA_REST_URL: kafka.url,
    KAFKA_CONSUME: 'true',
    DENO_DIR,
    DENO_NO_UPDATE_CHECK: '1',
  }
  mkdirSync(DENO_DIR, { recursive: true })
  const flags = ['run', '--allow-net', '--allow-env', '--allow-read', '--allow-write', '--allow-ffi', '--allow-sys', 'edge/deno.ts']
  const child: ChildProcess =
    runtime === 'node' ? spawn(NODE, ['edge/node.ts'], { env, stdio: 'ignore' }) : spawn(DENO, flags, { env, stdio: 'ignore' })
  try {
    await waitFor(`http://127.0.0.1:${port}/status`, child)
    const cli = (...args: string[]) => execFileSync(NODE, ['bin/varco.mjs', ...args], { env, encoding: 'utf8' }).trim()
    const { tenantId, serviceId } = await paymentTarget(`http://127.0.0.1:${port}`, cli)
    const recorded: string[] = []
    for (let i = 0; i < WARMUP + EVENTS; i++) {
      const ev = creationEvent(tenantId, serviceId)
      sent.set(ev.id, performance.now())
      fake.state.append('payments', serviceId, ev) // as the Opencity dispatcher produces it
      if (i >= WARMUP) recorded.push(ev.id)
      await sleep(-Math.log(1 - Math.random()) * (1000 / RATE))
    }
    const deadline = performance.now() + 30_000
    while (recorded.some((id) => !out.has(id)) && performance.now() < deadline) await sleep(50)
    const latencies = recorded
      .filter((id) => out.has(id))
      .map((id) => (out.get(id) as number) - (sent.get(id) as number))
      .sort((a, b) => a - b)
    return {
      runtime,
      proxy,
      n: latencies.length,
      p50: Math.round(pct(latencies, 50)),
      p99: Math.round(pct(latencies, 99)),
      max: Math.round(latencies.at(-1) ?? Number.NaN),
      lost: recorded.length - latencies.length,
    }
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)))
    await kafka.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

const rows: Row[] = []
for (const runtime of RUNTIMES) {
  if (runtime === 'workers') {
    loads.push(loadavg()[0]?.toFixed(1) ?? '?')
    rows.push(await measureWorkers({ events: EVENTS, warmup: WARMUP, rate: RATE }))
    continue
  }
  if (runtime !== 'node' && runtime !== 'deno') continue
  rows.push(await measure(runtime, 'defaults (fetch.min.bytes -1): each poll held its 500 ms', { requestTimeoutMs: 1000 }))
  rows.push(await measure(runtime, 'fetch.min.bytes=1: answers on the first record', { requestTimeoutMs: 1000, minBytes: 1 }))
}
const workers = rows.some((r) => r.runtime.startsWith('workers'))
const met = rows.every((r) => r.p99 < 2000 && r.lost === 0)
const section = `${HEADING}

Command: \`npm run bench:events\` (bench/kafka-latency.ts). Date: ${new Date().toISOString()}. Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, shared with other work.
From a CREATION_PENDING appended to \`payments\` (as the Opencity dispatcher produces it) to its PAYMENT_PENDING
produced back to \`payments\` by the gateway: the long-lived consumer's long poll (\`timeout=${POLL_TIMEOUT_MS}\`), ingest, creation at
the sandbox pagoPA simulator, the outbox write and the publish right after it (VARCO_DISPATCH_ON_WRITE). Cron off. The proxy is
the fake of test/fakes on 127.0.0.1, holding polls as Confluent's REST Proxy does. ${EVENTS} events per row at random
(Poisson, ${RATE}/s) after ${WARMUP} unrecorded warm-up events.

| Runtime | Proxy / consumer setting | events | p50 ms | p99 ms | max ms | lost |
|---|---|---:|---:|---:|---:|---:|
${rows.map((r) => `| ${r.runtime} | ${r.proxy} | ${r.n} | ${r.p50} | **${r.p99}** | ${r.max} | ${r.lost} |`).join('\n')}

Goal (p99 < 2 s, nothing lost): **${met ? 'met' : 'NOT met'}**. With the proxy's defaults an event waits for the end of the
poll it arrived in (up to the poll timeout) and then for the batch before it; \`fetch.min.bytes=1\` on the proxy removes the
first wait. Load average during the run: ${loads.join(', ')} (1 min, at the start of each row). Before this consumer, the
cron drained the topic once a minute (up to 60 s).
${
  workers
    ? `
Workers row: the built Worker (\`npm run build\`) in workerd through Miniflare, its \`queue\` handler bound to
\`varco-payments-in\` with wrangler.toml's consumer settings, sqld as storage; each event is sent to that queue (a producer
binding), and PAYMENT_PENDING is timed on its arrival at the same Kafka REST fake (VARCO_PUBLISHERS=kafka). An event waits for
the batch window (max_batch_timeout) unless max_batch_size events are already waiting, then for the batches before it
(the handler settles the messages of different payments concurrently, one payment's in order). ${QUEUE_SIMULATION}
`
    : ''
}`
const file = 'BENCHMARKS.md'
const md = readFileSync(file, 'utf8')
const at = md.indexOf(HEADING)
const end = at < 0 ? -1 : md.indexOf('\n## ', at + HEADING.length)
const next = at < 0 ? `${md.trimEnd()}\n\n${section}` : `${md.slice(0, at)}${section}${end < 0 ? '' : md.slice(end + 1)}`
writeFileSync(file, next)
console.log(section)
