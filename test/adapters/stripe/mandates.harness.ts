/**
 * The Stripe simulator in-process (mounted under `/sandbox/stripe` as the sandbox does) and Stripe
 * mandate adapters wired to it through a fetch that skips only the socket. The customer's answer
 * goes through the hosted page's own form, as a browser would post it. Runtime-neutral: used by the
 * Node and the workerd suites.
 * @module
 */

import type { StripeConfig } from '../../../adapters/stripe/index.ts'
import { createStripeMandates } from '../../../adapters/stripe/mandates.ts'
import { stripeSimulator } from '../../../sandbox/stripe/index.ts'
import { type FarSide, mountSimulator, SIM_ORIGIN, simMandateHarness, submitPageForm } from '../sim-harness.ts'
import { simConfig } from './harness.ts'

export { type FarSide, submitPageForm }
export const SIM_URL = `${SIM_ORIGIN}/sandbox/stripe`

export function stripeMandateHarness(over: Partial<StripeConfig> = {}, far?: FarSide) {
  const s = mountSimulator('stripe', (clock) => stripeSimulator({ clock }), { far })
  const { clock, sim, app, simFetch, base: SIM_BASE, hook } = s
  const config = simConfig(s, over)
  const provider = (o: Partial<StripeConfig> = {}) => createStripeMandates({ ...config, ...o })
  const harness = simMandateHarness(s, provider, {
    iban: 'DE89 3704 0044 0532 0130 00',
    answered: [303],
    settle: (ref, outcome) =>
      hook(`${SIM_BASE}/test/payment_intents/${ref}/settle?outcome=${outcome === 'paid' ? 'succeeded' : 'failed'}`, 'settle'),
    countCharges: async () => ((await (await simFetch(`${SIM_BASE}/test/payment_intents`)).json()) as { data: unknown[] }).data.length,
    withBadCredentials: () => provider({ secretKey: 'sk_test_not_the_key' }),
  })
  return { clock, sim, app, simFetch, provider, harness }
}
