/**
 * The OnPay simulator in-process, mounted under `/sandbox/onpay` as the sandbox does, and adapters
 * wired to it through a fetch that skips only the socket.
 * @module
 */

import { createOnpayAdapter, decodeOnpayRef, type OnpayConfig, type OnpayGateway } from '../../../adapters/onpay/index.ts'
import type { PaymentRef } from '../../../ports/payment-provider.port.ts'
import { onpaySimulator, SANDBOX_ONPAY, SIM_DECLINE_HEADER } from '../../../sandbox/onpay/index.ts'
import { CREDITOR, mountSimulator, SIM_ORIGIN, SIM_START, simProviderHarness } from '../sim-harness.ts'

export { CREDITOR, SIM_ORIGIN }
export const SIM_BASE = `${SIM_ORIGIN}/sandbox/onpay/api`

/** A refused attempt in each circuit's own words (MultiSafepay `declined`, Nexi `KO`, Volt `REFUSED_BY_BANK`). */
const DECLINED_STATUS: Readonly<Record<OnpayGateway, string>> = { multisafepay: 'declined', nexi: 'KO', volt: 'REFUSED_BY_BANK' }

export function simHarness(gateway: OnpayGateway = 'multisafepay', over: Partial<OnpayConfig> = {}, start = SIM_START) {
  const s = mountSimulator('onpay', (clock) => onpaySimulator({ clock }), { start })
  const { clock, sim, app, simFetch, withHeaders, delayed, hook } = s
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
  const linkHook = (ref: PaymentRef) => `${s.base}/test/links/${encodeURIComponent(decodeOnpayRef(ref.providerRef)?.extId ?? '')}`
  const payAtProvider = (ref: PaymentRef) => hook(`${linkHook(ref)}/pay`, 'pay')
  /** The circuit's own "refused" status for one attempt (the link stays payable). */
  const declineAttempt = (ref: PaymentRef) => hook(`${linkHook(ref)}/notify?status=${DECLINED_STATUS[gateway]}`, 'notify')
  const harness = simProviderHarness(s, adapter, {
    payAtProvider,
    countAtProvider: async () => sim.control.links().length,
    withBadCredentials: () => adapter({ apiKey: 'not-the-key' }),
    declining: () => adapter({ fetch: withHeaders({ [SIM_DECLINE_HEADER]: '1' }) }),
    declineAttempt,
  })
  return { clock, sim, app, simFetch, adapter, delayed, config, harness }
}
