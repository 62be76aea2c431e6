/**
 * What works but should not be left so: configuration that loses something silently. Today one
 * check, events out: in production with no publisher (VARCO_PUBLISHERS empty), PAYMENT_PENDING and
 * every later event of a payment reach no one, and the platform waits for them. Startup logs each
 * at ERROR; /status answers `degraded` and lists them.
 * @module
 */

import type { Logger } from '../ports/logger.port.ts'
import type { Config } from './env.ts'

export type Degradation = {
  /** The part of the gateway affected. */
  readonly component: 'events'
  /** The setting that is missing. */
  readonly missing: string
  readonly detail: string
}

type Checked = { readonly config: Pick<Config, 'VARCO_ENV'>; readonly publishers: readonly string[] }

export function degradations(deps: Checked): Degradation[] {
  const out: Degradation[] = []
  if (deps.config.VARCO_ENV === 'production' && deps.publishers.length === 0) {
    out.push({
      component: 'events',
      missing: 'VARCO_PUBLISHERS',
      detail: 'no event sink: payment events are emitted to no one (set VARCO_PUBLISHERS to kafka, webhook or queue)',
    })
  }
  return out
}

/** Logs each degradation at ERROR (once, at startup). */
export function reportDegradations(deps: Checked & { readonly logger: Logger }): void {
  for (const d of degradations(deps)) deps.logger.error(`degraded: ${d.detail}`, { component: d.component, missing: d.missing })
}
