/**
 * The OnPay simulator in-process, mounted under `/sandbox/onpay` as the sandbox does, and adapters
 * wired to it through a fetch that skips only the socket.
 * @module
 */

import { Hono } from 'hono'
import { createOnpayAdapter, decodeOnpayRef, type OnpayConfig, type OnpayGateway } from '../../../adapters/onpay/index.ts'
import { ONPAY_SIM_DELAY_HEADER, onpaySimulator, SANDBOX_ONPAY_GATEWAYS, SANDBOX_ONPAY_KEY } from '../../../edge/sandbox/onpay.ts'
import type { Creditor, PaymentRef } from '../../../ports/payment-provider.port.ts'
import type { ProviderHarness } from '../../contract/payment-provider.contract.ts'
import { fixedClock } from '../../fakes/clock.fake.ts'

export const SIM_ORIGIN = 'http://sim.test'
export const SIM_BASE = `${SIM_ORIGIN}/sandbox/onpay/api`

export const CREDITOR: Creditor = { tenantId: 'tenant-pisa', taxId: '00341620508', name: 'Comune di Pisa' }

export function simHarness(gateway: OnpayGateway = 'multisafepay', over: Partial<OnpayConfig> = {}, start = '2026-11-23T10:00:00.000Z') {
  const clock = fixedClock(start)
  const sim = onpaySimulator({ clock })
  const app = new Hono()
  app.route('/sandbox/onpay', sim.app)
  const simFetch = ((input: RequestInfo | URL, init?: RequestInit) => app.fetch(new Request(input, init))) as typeof fetch
  const config: OnpayConfig = {
    baseUrl: SIM_BASE,
    apiKey: SANDBOX_ONPAY_KEY,
    gateway,
    ...SANDBOX_ONPAY_GATEWAYS[gateway],
    fetch: simFetch,
    clock,
    ...over,
  }
  const adapter = (o: Partial<OnpayConfig> = {}) => createOnpayAdapter({ ...config, ...o })
  const delayed = (ms: number) =>
    ((input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init)
      req.headers.set(ONPAY_SIM_DELAY_HEADER, String(ms))
      return app.fetch(req)
    }) as typeof fetch
  const payAtProvider = async (ref: PaymentRef) => {
    const extId = decodeOnpayRef(ref.providerRef)?.extId ?? ''
    const res = await simFetch(`${SIM_ORIGIN}/sandbox/onpay/test/links/${encodeURIComponent(extId)}/pay`, { method: 'POST' })
    if (res.status !== 200) throw new Error(`simulator refused to pay: ${res.status} ${await res.text()}`)
  }
  const harness: ProviderHarness = {
    provider: adapter(),
    creditor: CREDITOR,
    now: clock,
    payAtProvider,
    openPage: (url) => simFetch(url),
    countAtProvider: async () => sim.control.links().length,
    withBadCredentials: () => adapter({ apiKey: 'not-the-key' }),
    slow: () => adapter({ fetch: delayed(200), timeoutMs: 20 }),
  }
  return { clock, sim, app, simFetch, adapter, delayed, config, harness }
}
