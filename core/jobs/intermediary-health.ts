/**
 * Probes every configured intermediary API (simulators in sandbox mode) so that /status shows
 * whether the gateway can reach them, without probing on every /status call.
 * @module
 */

import type { IntermediaryProbe } from '../../ports/intermediary-probe.port.ts'
import type { Job } from '../job.ts'

export const intermediaryHealth: Job<{ readonly intermediaries: readonly IntermediaryProbe[] }> = {
  name: 'intermediary-health',
  description: 'Checks that each configured intermediary API answers.',
  async run(deps) {
    const results = await Promise.all(deps.intermediaries.map((i) => i.probe()))
    const reachable = results.filter((r) => r.ok).length
    return { counts: { probed: results.length, reachable, unreachable: results.length - reachable } }
  },
}
