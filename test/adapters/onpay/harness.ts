/**
 * The OnPay simulator in-process, mounted under `/sandbox/onpay` as the sandbox does, and adapters
 * wired to it through a fetch that skips only the socket.
 * @module
 */

import { Hono } from 'hono'
import { createOnpayAdapter, decodeOnpayRef, type OnpayConfig, type OnpayGateway } from '../../../adapters/onpay/index.ts'
import type { Creditor, PaymentRef } from '../../../ports/payment-provider.port.ts'
import { onpaySimulator, SANDBOX_ONPAY, SIM_DECLINE_HEADER, SIM_DELAY_HEADER } from '../../../sandbox/onpay/index.ts'
import type { ProviderHarness } from '../../contract/payment-provider.contract.ts'
import { fixedClock } from '../../fakes/clock.fake.ts'

export const SIM_ORIGIN = 'http://sim.test'
export const SIM_BASE = `${SIM_ORIGIN}/sandbox/onpay/api`

/** A refused attempt in each circuit's own words (MultiSafepay `declined`, Nexi `KO`, Volt `REFUSED_BY_BANK`). */
const DECLINED_STATUS: Readonly<Record<OnpayGateway, string>> = { multisafepay: 'declined', nexi: 'KO', volt: 'REFUSED_BY_BANK' }

export const CREDITOR: Creditor = { tenantId: 'tenant-pisa', taxId: '00341620508', name: 'Comune di Pisa' }

export function simHarness(gateway: OnpayGateway = 'multisafepay', over: Partial<OnpayConfig> = {}, start = '2026-11-23T10:00:00.000Z') {
  const clock = fixedClock(start)
  const sim = onpaySimulator({ clock })
  const app = new Hono()
  app.route('/sandbox/onpay', sim.app)
  const simFetch = ((input: RequestInfo | URL, init?: RequestInit) => app.fetch(new Request(input, init))) as typeof fetch
  const config: OnpayConfig = {
    baseUrl: SIM_BASE,
    apiKey: SANDBOX_ONPAY.key,
    gateway,
    ...SANDBOX_ONPAY.gateways[gateway],
    fetch: simFetch,
    clock,
    ...over,
  }
  const adapter = (o: Partial<OnpayConfig> = {}) => createOnpayAdapter({ ...config, ...o })
  /** A fetch that adds simulator hook headers to every request. */
  const withHeaders = (headers: Record<string, string>) =>
    ((input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init)
      for (const [k, v] of Object.entries(headers)) req.headers.set(k, v)
      return app.fetch(req)
    }) as typeof fetch
  const delayed = (ms: number) => withHeaders({ [SIM_DELAY_HEADER]: String(ms) })
  const payAtProvider = async (ref: PaymentRef) => {
    const extId = decodeOnpayRef(ref.providerRef)?.extId ?? ''
    const res = await simFetch(`${SIM_ORIGIN}/sandbox/onpay/test/links/${encodeURIComponent(extId)}/pay`, { method: 'POST' })
    if (res.status !== 200) throw new Error(`simulator refused to pay: ${res.status} ${await res.text()}`)
  }
  /** The circuit's own "refused" status for one attempt (the link stays payable). */
  const declineAttempt = async (ref: PaymentRef) => {
    const extId = decodeOnpayRef(ref.providerRef)?.extId ?? ''
    const status = DECLINED_STATUS[gateway]
    const res = await simFetch(`${SIM_ORIGIN}/sandbox/onpay/test/links/${encodeURIComponent(extId)}/notify?status=${status}`, {
      method: 'POST',
    })
    if (res.status !== 200) throw new Error(`simulator refused to notify: ${res.status} ${await res.text()}`)
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
    declining: () => adapter({ fetch: withHeaders({ [SIM_DECLINE_HEADER]: '1' }) }),
    declineAttempt,
  }
  return { clock, sim, app, simFetch, adapter, delayed, config, harness }
}
