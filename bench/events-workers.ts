/**
 * The Workers row of `npm run bench:events` (issue 14 point 5): the built Worker (`npm run build`) in
 * workerd through Miniflare, its `queue` handler bound to `varco-payments-in` with wrangler.toml's
 * [[queues.consumers]] settings, sqld as storage. Events are sent to that queue through a producer
 * binding; PAYMENT_PENDING is timed where the Node and Deno rows time it, on its arrival at the Kafka
 * REST fake (VARCO_PUBLISHERS=kafka, published right after the write). Miniflare's local broker is not
 * Cloudflare's: see QUEUE_SIMULATION.
 * @module
 */

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'smol-toml'
import { kafkaRestFake } from '../test/fakes/kafka-rest-server.ts'
import { listenLocally } from '../test/fakes/listen.ts'
import { creationEvent } from '../test/fakes/payment-event.fake.ts'
import { startSqld } from '../test/setup/sqld.ts'
import { NODE } from './server.ts'
import { buildWorker, miniflareFor, ROOT } from './worker-bundle.ts'

export type LatencyRow = { runtime: string; proxy: string; n: number; p50: number; p99: number; max: number; lost: number }

/** What Miniflare's queue broker does differently from Cloudflare Queues, for the BENCHMARKS.md note. */
export const QUEUE_SIMULATION =
  "Miniflare's broker is one in-memory queue in the same process: a batch is delivered when max_batch_size messages are waiting or " +
  'max_batch_timeout after the first message of an empty batch, exactly on the timer, and only one batch is in flight at a time ' +
  '(no concurrent consumer invocations). Cloudflare Queues writes each message durably before `send()` returns, delivers ' +
  'from another machine with its own scheduling delay on top of the batch window, and scales consumers up to max_concurrency. ' +
  'So the Workers row shows the cost of the batching window and of the Worker itself, not of the Queues service.'

type Consumer = { queue: string; max_batch_size?: number; max_batch_timeout?: number; max_retries?: number }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN

export async function measureWorkers(options: { events: number; warmup: number; rate: number }): Promise<LatencyRow> {
  const toml = parse(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')) as { queues?: { consumers?: Consumer[] } }
  const consumer = toml.queues?.consumers?.find((c) => c.queue === 'varco-payments-in')
  if (!consumer) throw new Error('wrangler.toml has no consumer for varco-payments-in')
  const fake = kafkaRestFake({})
  const out = new Map<string, number>()
  const kafka = await listenLocally(async (req) => {
    const copy = req.method === 'POST' && req.url.includes('/records') && !req.url.includes('/consumers/') ? req.clone() : null
    const res = await fake.app.fetch(req)
    if (copy) {
      const value = ((await copy.json()) as { value?: { data?: { id?: string; status?: string } } }).value?.data
      if (value?.status === 'PAYMENT_PENDING' && value.id && !out.has(value.id)) out.set(value.id, performance.now())
    }
    return res
  })
  const dir = mkdtempSync(join(tmpdir(), 'varco-bench-events-worker-'))
  const sqld = await startSqld()
  const secret = 'bench-events-worker-secret-0123456789'
  try {
    const built = buildWorker(dir)
    const env = { ...process.env, VARCO_DB_URL: sqld.url, JWT_SECRET: secret, LOG_LEVEL: 'warn' }
    const cli = (...args: string[]) => execFileSync(NODE, ['bin/varco.mjs', ...args], { env, encoding: 'utf8' }).trim()
    cli('migrate')
    const tenant = JSON.parse(cli('tenant', 'create', '--name', 'Comune di Bugliano', '--tax-id', '00341620508')) as {
      id: string
      api_key: string
    }
    const token = cli('token', '--tenant', tenant.id, '--user', 'bench', '--role', 'admin', '--ttl', '1h')
    const mf = await miniflareFor(built, {
      bindings: {
        VARCO_ENV: 'development',
        VARCO_DB_URL: sqld.url,
        JWT_SECRET: secret,
        LOG_LEVEL: 'warn',
        VARCO_PUBLISHERS: 'kafka',
        KAFKA_REST_URL: kafka.url,
      },
      queueConsumers: {
        [consumer.queue]: {
          ...(consumer.max_batch_size !== undefined ? { maxBatchSize: consumer.max_batch_size } : {}),
          ...(consumer.max_batch_timeout !== undefined ? { maxBatchTimeout: consumer.max_batch_timeout } : {}),
          ...(consumer.max_retries !== undefined ? { maxRetries: consumer.max_retries } : {}),
        },
      },
      queueProducers: { BENCH_PAYMENTS_IN: consumer.queue },
    })
    try {
      const svc = await mf.dispatchFetch('http://varco.test/services', {
        method: 'POST',
        headers: { 'x-api-key': tenant.api_key, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' }),
      })
      const serviceId = ((await svc.json()) as { id: string }).id
      const queue = await mf.getQueueProducer<unknown>('BENCH_PAYMENTS_IN')
      const sent = new Map<string, number>()
      const recorded: string[] = []
      for (let i = 0; i < options.warmup + options.events; i++) {
        const ev = creationEvent(tenant.id, serviceId)
        sent.set(ev.id, performance.now())
        await queue.send(ev)
        if (i >= options.warmup) recorded.push(ev.id)
        await sleep(-Math.log(1 - Math.random()) * (1000 / options.rate))
      }
      const deadline = performance.now() + 30_000
      while (recorded.some((id) => !out.has(id)) && performance.now() < deadline) await sleep(50)
      const latencies = recorded
        .filter((id) => out.has(id))
        .map((id) => (out.get(id) as number) - (sent.get(id) as number))
        .sort((a, b) => a - b)
      return {
        runtime: 'workers (workerd, Miniflare)',
        proxy: `Queues consumer: max_batch_size ${consumer.max_batch_size ?? 10}, max_batch_timeout ${consumer.max_batch_timeout ?? 5} s`,
        n: latencies.length,
        p50: Math.round(pct(latencies, 50)),
        p99: Math.round(pct(latencies, 99)),
        max: Math.round(latencies.at(-1) ?? Number.NaN),
        lost: recorded.length - latencies.length,
      }
    } finally {
      await mf.dispose()
    }
  } finally {
    await kafka.close()
    await sqld.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
