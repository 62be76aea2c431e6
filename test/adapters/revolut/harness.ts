/**
 * The Revolut simulator in-process, mounted under `/sandbox/revolut` as createSandbox would mount it,
 * and adapters wired to it through a fetch that skips only the socket.
 * @module
 */

import { Hono } from 'hono'
import { createRevolutAdapter, type RevolutConfig } from '../../../adapters/revolut/index.ts'
import type { Creditor, PaymentRef } from '../../../ports/payment-provider.port.ts'
import {
  type RevolutSimOptions,
  revolutSimulator,
  SANDBOX_REVOLUT,
  SIM_DELAY_HEADER,
  SIM_FAIL_HEADER,
  signRevolutWebhook,
} from '../../../sandbox/revolut/index.ts'
import type { ProviderHarness, SignedDelivery, SignOptions } from '../../contract/payment-provider.contract.ts'
import { fixedClock } from '../../fakes/clock.fake.ts'

export const SIM_BASE = 'http://sim.test/sandbox/revolut'

export const CREDITOR: Creditor = { tenantId: 'tenant-pisa', taxId: '00341620508', name: 'Comune di Pisa' }

export function simHarness(over: Partial<RevolutConfig> = {}, sim: RevolutSimOptions = {}, start = '2026-11-23T10:00:00.000Z') {
  const clock = fixedClock(start)
  const simulator = revolutSimulator({ clock, ...sim })
  const app = new Hono()
  app.route('/sandbox/revolut', simulator.app)
  const calls: Array<{ method: string; path: string }> = []
  const simFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    const url = new URL(req.url)
    calls.push({ method: req.method, path: `${url.pathname}${url.search}` })
    return app.fetch(req)
  }) as typeof fetch
  const config: RevolutConfig = {
    baseUrl: SIM_BASE,
    secretKey: SANDBOX_REVOLUT.secretKey,
    webhookSecret: SANDBOX_REVOLUT.webhookSecret,
    fetch: simFetch,
    clock,
    ...over,
  }
  const adapter = (o: Partial<RevolutConfig> = {}) => createRevolutAdapter({ ...config, ...o })
  /** A fetch that adds `headers` to every request (simulator hooks). */
  const withHeaders = (headers: Record<string, string>) =>
    ((input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init)
      for (const [k, v] of Object.entries(headers)) req.headers.set(k, v)
      return simFetch(req)
    }) as typeof fetch
  const delayed = (ms: number) => withHeaders({ [SIM_DELAY_HEADER]: String(ms) })
  const failing = (status: number) => withHeaders({ [SIM_FAIL_HEADER]: String(status) })
  const payAtProvider = async (ref: PaymentRef) => {
    const res = await simFetch(`${SIM_BASE}/test/orders/${ref.providerRef}/pay`, { method: 'POST' })
    if (res.status !== 200) throw new Error(`simulator refused to pay: ${res.status} ${await res.text()}`)
  }
  const declineAttempt = async (ref: PaymentRef) => {
    const res = await simFetch(`${SIM_BASE}/test/orders/${ref.providerRef}/decline`, { method: 'POST' })
    if (res.status !== 200) throw new Error(`simulator refused to decline: ${res.status} ${await res.text()}`)
  }
  /**
   * The simulator's delivery of ORDER_COMPLETED (`paid`) or ORDER_AUTHORISED (`pending`: Revolut sends
   * it before completion, and the order of deliveries is not guaranteed), re-signed with the
   * simulator's signer at `at`.
   */
  const signedWebhook = async (ref: PaymentRef, event: 'paid' | 'pending', o: SignOptions = {}): Promise<SignedDelivery> => {
    const name = event === 'paid' ? 'ORDER_COMPLETED' : 'ORDER_AUTHORISED'
    const d = await simulator.control.webhook(ref.providerRef, name)
    if (!d) throw new Error(`the simulator has no order ${ref.providerRef}`)
    const timestamp = String((o.at ?? clock()).getTime())
    const signature = await signRevolutWebhook(o.secret ?? SANDBOX_REVOLUT.webhookSecret, timestamp, d.payload)
    return {
      rawBody: d.payload,
      headers: { ...d.headers, 'revolut-request-timestamp': timestamp, 'revolut-signature': signature },
    }
  }
  const harness: ProviderHarness = {
    provider: adapter(),
    creditor: CREDITOR,
    now: clock,
    payAtProvider,
    openPage: (url) => simFetch(url),
    countAtProvider: async () => simulator.control.orders().length,
    withBadCredentials: () => adapter({ secretKey: 'sk_not_the_key' }),
    slow: () => adapter({ fetch: delayed(200), timeoutMs: 20 }),
    declineAttempt,
    signedWebhook,
  }
  return { clock, sim: simulator, app, simFetch, calls, adapter, delayed, failing, harness }
}
