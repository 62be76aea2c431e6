/**
 * `POST /payment/v2/links` throughput against the gateway (Node, embedded libSQL file, sandbox on)
 * with the Revolut (or Stripe) simulator in-process: a fresh tenant configured through
 * `PUT /payment/v2/provider-config`, then autocannon with a new reference per request (each request
 * stores a link, creates the order at the simulator and reads its checkout page).
 * Run alone: `node bench/payment-v2-links.ts` (BENCH_CONNECTIONS, BENCH_DURATION, BENCH_V2_PROVIDER).
 * bench/run.ts can import `benchPaymentV2Links` and add its row to BENCHMARKS.md.
 * @module
 */

import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { SANDBOX_REVOLUT } from '../sandbox/revolut/index.ts'
import { SANDBOX_STRIPE } from '../sandbox/stripe/index.ts'
import { freePort } from '../test/setup/sqld.ts'
import { NODE, waitFor } from './server.ts'

export type PaymentV2LinksResult = {
  readonly provider: 'revolut' | 'stripe'
  readonly connections: number
  readonly durationS: number
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly non2xx: number
  readonly errors: number
  readonly total: number
  /** Links found `pending` with a payment URL among a sample read back afterwards. */
  readonly sampledPending: number
  readonly sampled: number
}

export async function benchPaymentV2Links(
  options: { connections?: number; durationS?: number; provider?: 'revolut' | 'stripe' } = {},
): Promise<PaymentV2LinksResult> {
  const connections = options.connections ?? Number(process.env['BENCH_CONNECTIONS'] ?? 10)
  const durationS = options.durationS ?? Number(process.env['BENCH_DURATION'] ?? 10)
  const provider = options.provider ?? (process.env['BENCH_V2_PROVIDER'] === 'stripe' ? 'stripe' : 'revolut')
  const dir = mkdtempSync(join(tmpdir(), 'varco-bench-v2-'))
  const port = await freePort()
  const env = {
    ...process.env,
    VARCO_DB_URL: `file:${join(dir, 'varco.db')}`,
    VARCO_CRON: 'false',
    VARCO_SANDBOX: 'true',
    PORT: String(port),
    VARCO_PUBLIC_URL: `http://127.0.0.1:${port}`,
  }
  const gw = spawn(NODE, ['edge/node.ts'], { env, stdio: 'ignore' })
  try {
    const url = `http://127.0.0.1:${port}`
    await waitFor(`${url}/status`, gw)
    const cli = (...args: string[]) => execFileSync(NODE, ['bin/varco.mjs', ...args], { env, encoding: 'utf8' }).trim()
    const tenant = JSON.parse(cli('tenant', 'create', '--name', 'Comune di Bugliano', '--tax-id', '00341620508')) as {
      id: string
      api_key: string
    }
    const token = cli('token', '--tenant', tenant.id, '--user', 'bench', '--role', 'admin', '--ttl', '1h')
    const headers = { 'x-api-key': tenant.api_key, authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const keys =
      provider === 'revolut'
        ? { api_key: SANDBOX_REVOLUT.secretKey, webhook_secret: SANDBOX_REVOLUT.webhookSecret }
        : { api_key: SANDBOX_STRIPE.secretKey, webhook_secret: SANDBOX_STRIPE.webhookSecret }
    const put = await fetch(`${url}/payment/v2/provider-config`, { method: 'PUT', headers, body: JSON.stringify({ provider, ...keys }) })
    if (put.status !== 200) throw new Error(`provider-config: ${put.status} ${await put.text()}`)

    let n = 0
    const references: string[] = []
    const body = (reference: string) =>
      JSON.stringify({
        amount: 15000,
        currency: 'EUR',
        description: 'Pacchetto Onboarding 231',
        reference,
        method: 'card',
        return_url: 'https://example.it/#billing',
      })
    const first = await fetch(`${url}/payment/v2/links`, { method: 'POST', headers, body: body('WARMUP-0') })
    if (first.status !== 201) throw new Error(`POST /payment/v2/links: ${first.status} ${await first.text()}`)
    const r = await autocannon({
      url,
      connections,
      duration: durationS,
      requests: [
        {
          method: 'POST',
          path: '/payment/v2/links',
          headers,
          setupRequest: ((req: Record<string, unknown>) => {
            const reference = `BENCH-${++n}`
            if (references.length < 200) references.push(reference)
            return { ...req, body: body(reference) }
          }) as never,
        },
      ],
    })
    // Sample: the links were really created (pending with a payment URL).
    let sampledPending = 0
    const ids = await Promise.all(
      references.slice(0, 50).map(async (ref) => {
        const again = await fetch(`${url}/payment/v2/links`, { method: 'POST', headers, body: body(ref) })
        return again.ok ? ((await again.json()) as { data: { payment_id: string; status: string; payment_url: string | null } }).data : null
      }),
    )
    for (const d of ids) if (d && d.status === 'pending' && d.payment_url) sampledPending++
    return {
      provider,
      connections,
      durationS,
      rps: Math.round(r.requests.average),
      p50: r.latency.p50,
      p99: r.latency.p99,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
      total: r.requests.total,
      sampledPending,
      sampled: ids.length,
    }
  } finally {
    gw.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[1]?.endsWith('payment-v2-links.ts')) {
  const r = await benchPaymentV2Links()
  console.log(
    `POST /payment/v2/links (${r.provider} simulator, ${r.connections} connections, ${r.durationS} s): ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}, ${r.total} requests; sample ${r.sampledPending}/${r.sampled} pending with a payment URL`,
  )
}
