/**
 * The Revolut simulator in-process, mounted under `/sandbox/revolut` as createSandbox would mount it,
 * and adapters wired to it through a fetch that skips only the socket.
 * @module
 */

import { createRevolutAdapter, type RevolutConfig } from '../../../adapters/revolut/index.ts'
import type { PaymentRef } from '../../../ports/payment-provider.port.ts'
import {
  type RevolutSimOptions,
  revolutSimulator,
  SANDBOX_REVOLUT,
  SIM_FAIL_HEADER,
  signRevolutWebhook,
} from '../../../sandbox/revolut/index.ts'
import type { SignedDelivery, SignOptions } from '../../contract/payment-provider.contract.ts'
import { CREDITOR, mountSimulator, SIM_ORIGIN, SIM_START, type SimSide, simProviderHarness } from '../sim-harness.ts'

export { CREDITOR }
export const SIM_BASE = `${SIM_ORIGIN}/sandbox/revolut`

/** The adapter's config against a mounted Revolut simulator (the payment and the mandate harness share it). */
export const simConfig = (s: SimSide, over: Partial<RevolutConfig> = {}): RevolutConfig => ({
  baseUrl: s.base,
  secretKey: SANDBOX_REVOLUT.secretKey,
  webhookSecret: SANDBOX_REVOLUT.webhookSecret,
  fetch: s.simFetch,
  clock: s.clock,
  ...over,
})

export function simHarness(over: Partial<RevolutConfig> = {}, sim: RevolutSimOptions = {}, start = SIM_START) {
  const s = mountSimulator('revolut', (clock) => revolutSimulator({ clock, ...sim }), { start })
  const { clock, sim: simulator, app, simFetch, calls, withHeaders, delayed, hook } = s
  const config = simConfig(s, over)
  const adapter = (o: Partial<RevolutConfig> = {}) => createRevolutAdapter({ ...config, ...o })
  const failing = (status: number) => withHeaders({ [SIM_FAIL_HEADER]: String(status) })
  const payAtProvider = (ref: PaymentRef) => hook(`${SIM_BASE}/test/orders/${ref.providerRef}/pay`, 'pay')
  const declineAttempt = (ref: PaymentRef) => hook(`${SIM_BASE}/test/orders/${ref.providerRef}/decline`, 'decline')
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
  const harness = simProviderHarness(s, adapter, {
    payAtProvider,
    countAtProvider: async () => simulator.control.orders().length,
    withBadCredentials: () => adapter({ secretKey: 'sk_not_the_key' }),
    declineAttempt,
    signedWebhook,
  })
  return { clock, sim: simulator, app, simFetch, calls, adapter, delayed, failing, harness }
}
