/**
 * The pagoPA simulator in-process, mounted under `/sandbox/pagopa` exactly as createSandbox does,
 * and adapters wired to it through a fetch that skips only the socket.
 * @module
 */

import { createPagopaAdapter, isValidNoticeNumber, type PagopaConfig } from '../../../adapters/pagopa/index.ts'
import type { Creditor, PaymentRef } from '../../../ports/payment-provider.port.ts'
import { pagopaSimulator, SANDBOX_PAGOPA, SIM_DECLINE_HEADER } from '../../../sandbox/pagopa/index.ts'
import { CREDITOR as CARD_CREDITOR, mountSimulator, SIM_ORIGIN, SIM_START, simProviderHarness } from '../sim-harness.ts'

export const SIM_BASE = `${SIM_ORIGIN}/sandbox/pagopa`

export const CREDITOR: Creditor = { ...CARD_CREDITOR, segregationCode: '47', auxDigit: '3' }

export function simHarness(over: Partial<PagopaConfig> = {}, start = SIM_START) {
  const s = mountSimulator('pagopa', (clock) => pagopaSimulator({ clock }), { start })
  const { clock, sim, app, simFetch, withHeaders, delayed, hook } = s
  const config: PagopaConfig = { baseUrl: SIM_BASE, subscriptionKey: SANDBOX_PAGOPA.subscriptionKey, fetch: simFetch, clock, ...over }
  const adapter = (o: Partial<PagopaConfig> = {}) => createPagopaAdapter({ ...config, ...o })
  const payAtProvider = (ref: PaymentRef) => hook(`${SIM_BASE}/notices/${ref.noticeCode}/pay`, 'pay')
  const harness = simProviderHarness(s, adapter, {
    creditor: CREDITOR,
    payAtProvider,
    countAtProvider: async () => sim.control.positions().length,
    withBadCredentials: () => adapter({ subscriptionKey: 'not-the-key' }),
    isValidNoticeCode: isValidNoticeNumber,
    // Every IUV the adapter tries is already held by another position: no notice number is free.
    declining: () => adapter({ fetch: withHeaders({ [SIM_DECLINE_HEADER]: '1' }) }),
  })
  return { clock, sim, app, simFetch, adapter, delayed, harness }
}
