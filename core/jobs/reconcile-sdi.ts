/**
 * The SDI reconciler: every transmission not final is re-read at the intermediary when its
 * `nextCheckAt` comes (1, 2, 4 … minutes after each check, capped at 6 hours), so a lost callback
 * never leaves an invoice's fate unknown, and a lost send answer is resolved by lookup, never by a
 * second send. Runs every minute from cron.
 * @module
 */

import type { Job } from '../job.ts'
import type { SdiDeps } from '../sdi/deps.ts'
import type { SdiTransmission } from '../sdi/model.ts'
import { refreshTransmission } from '../sdi/refresh.ts'
import { type Reconciler, reconcileJob } from './reconcile.ts'

export const SDI_RECONCILER: Reconciler<SdiDeps, SdiTransmission> = {
  name: 'sdi.transmissions',
  batch: 25,
  maxPerRun: 200,
  listDue: (deps, now, limit) => (deps.transmitter === null ? Promise.resolve([]) : deps.store.listDue(now, limit)),
  idOf: (t) => t.id,
  async refresh(deps, t) {
    try {
      return (await refreshTransmission(deps, t, { countCheck: true })).counters
    } catch (e) {
      deps.logger.error('sdi reconcile failed', { sdi_id: t.id, error: e instanceof Error ? e.message : String(e) })
      return ['failed']
    }
  },
}

const job = reconcileJob<SdiDeps>({
  name: 'reconcile-sdi',
  description: 'Re-reads SDI transmissions not yet final at the intermediary (lost callbacks, lost send answers), with backoff.',
  counters: ['checked', 'found', 'lost', 'notified', 'changed', 'unreachable', 'raced', 'failed'],
  reconcilers: [SDI_RECONCILER],
})

/** The job as cron runs it: over the gateway's deps, of which it reads the SDI slice. */
export const reconcileSdiJob: Job<{ readonly sdi: SdiDeps }> = {
  name: job.name,
  description: job.description,
  run: (deps, now) => job.run(deps.sdi, now),
}
