/**
 * The pagoPA simulator in-process, mounted under `/sandbox/pagopa` exactly as createSandbox does,
 * and adapters wired to it through a fetch that skips only the socket.
 * @module
 */

import { Hono } from 'hono'
import { createPagopaAdapter, isValidNoticeNumber, type PagopaConfig } from '../../../adapters/pagopa/index.ts'
import type { Creditor, PaymentRef } from '../../../ports/payment-provider.port.ts'
import { pagopaSimulator, SANDBOX_PAGOPA, SIM_DECLINE_HEADER, SIM_DELAY_HEADER } from '../../../sandbox/pagopa/index.ts'
import type { ProviderHarness } from '../../contract/payment-provider.contract.ts'
import { fixedClock } from '../../fakes/clock.fake.ts'

export const SIM_BASE = 'http://sim.test/sandbox/pagopa'

export const CREDITOR: Creditor = {
  tenantId: 'tenant-pisa',
  taxId: '00341620508',
  name: 'Comune di Pisa',
  segregationCode: '47',
  auxDigit: '3',
}

export function simHarness(over: Partial<PagopaConfig> = {}, start = '2026-11-23T10:00:00.000Z') {
  const clock = fixedClock(start)
  const sim = pagopaSimulator({ clock })
  const app = new Hono()
  app.route('/sandbox/pagopa', sim.app)
  const simFetch = ((input: RequestInfo | URL, init?: RequestInit) => app.fetch(new Request(input, init))) as typeof fetch
  const config: PagopaConfig = { baseUrl: SIM_BASE, subscriptionKey: SANDBOX_PAGOPA.subscriptionKey, fetch: simFetch, clock, ...over }
  const adapter = (o: Partial<PagopaConfig> = {}) => createPagopaAdapter({ ...config, ...o })
  /** A fetch that adds simulator hook headers to every request. */
  const withHeaders = (headers: Record<string, string>) =>
    ((input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init)
      for (const [k, v] of Object.entries(headers)) req.headers.set(k, v)
      return app.fetch(req)
    }) as typeof fetch
  /** A fetch that asks the simulator to wait `ms` before answering. */
  const delayed = (ms: number) => withHeaders({ [SIM_DELAY_HEADER]: String(ms) })
  const payAtProvider = async (ref: PaymentRef) => {
    const res = await simFetch(`${SIM_BASE}/notices/${ref.noticeCode}/pay`, { method: 'POST' })
    if (res.status !== 200) throw new Error(`simulator refused to pay: ${res.status} ${await res.text()}`)
  }
  const harness: ProviderHarness = {
    provider: adapter(),
    creditor: CREDITOR,
    now: clock,
    payAtProvider,
    openPage: (url) => simFetch(url),
    countAtProvider: async () => sim.control.positions().length,
    withBadCredentials: () => adapter({ subscriptionKey: 'not-the-key' }),
    slow: () => adapter({ fetch: delayed(200), timeoutMs: 20 }),
    isValidNoticeCode: isValidNoticeNumber,
    // Every IUV the adapter tries is already held by another position: no notice number is free.
    declining: () => adapter({ fetch: withHeaders({ [SIM_DECLINE_HEADER]: '1' }) }),
  }
  return { clock, sim, app, simFetch, adapter, delayed, harness }
}
