/** Reading transmissions: one, a page, one notification's XML. Always within the caller's tenant. @module */

import type { SdiListFilter, SdiPage } from '../../ports/sdi-repo.port.ts'
import type { DomainError } from '../errors.ts'
import { err, ok, type Result } from '../result.ts'
import type { SdiDeps } from './deps.ts'
import { isFinal, type SdiNotificationRecord, type SdiTransmission } from './model.ts'
import { refreshTransmission } from './refresh.ts'

export type TransmissionView = {
  readonly transmission: SdiTransmission
  readonly notifications: readonly SdiNotificationRecord[]
}

/** The transmission and its notifications as stored. */
export async function getTransmission(
  deps: Pick<SdiDeps, 'store'>,
  tenantId: string,
  id: string,
): Promise<Result<TransmissionView, DomainError>> {
  const transmission = await deps.store.get(tenantId, id)
  if (transmission === null) return err({ code: 'not_found', resource: 'sdi transmission', id })
  return ok({ transmission, notifications: await deps.store.notifications(tenantId, id) })
}

/**
 * `GET /sdi/{sdi_id}`: a transmission not final yet is first re-read at the intermediary (as payments
 * v2 re-reads a payment on GET), so whoever polls sees SDI's latest word without waiting for the
 * reconciler. Best effort: if the intermediary cannot be read, the stored state is shown.
 */
export async function readTransmission(deps: SdiDeps, tenantId: string, id: string): Promise<Result<TransmissionView, DomainError>> {
  const first = await getTransmission(deps, tenantId, id)
  if (!first.ok || isFinal(first.value.transmission) || first.value.transmission.state === 'in_invio') return first
  try {
    await refreshTransmission(deps, first.value.transmission, { countCheck: false })
  } catch (e) {
    deps.logger.warn('sdi re-read on GET failed; showing the stored state', {
      sdi_id: id,
      error: e instanceof Error ? e.message : String(e),
    })
    return first
  }
  return getTransmission(deps, tenantId, id)
}

export async function listTransmissions(deps: Pick<SdiDeps, 'store'>, tenantId: string, filter: SdiListFilter): Promise<SdiPage> {
  return deps.store.list(tenantId, filter)
}

export async function getNotification(
  deps: Pick<SdiDeps, 'store'>,
  tenantId: string,
  id: string,
  n: number,
): Promise<Result<SdiNotificationRecord, DomainError>> {
  const transmission = await deps.store.get(tenantId, id)
  if (transmission === null) return err({ code: 'not_found', resource: 'sdi transmission', id })
  const found = (await deps.store.notifications(tenantId, id)).find((x) => x.n === n)
  if (!found) return err({ code: 'not_found', resource: 'sdi notification', id: `${id}/${n}` })
  return ok(found)
}
