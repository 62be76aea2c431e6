/** Reading transmissions: one, a page, one notification's XML. Always within the caller's tenant. @module */

import type { SdiListFilter, SdiPage } from '../../ports/sdi-repo.port.ts'
import type { DomainError } from '../errors.ts'
import { err, ok, type Result } from '../result.ts'
import type { SdiDeps } from './deps.ts'
import type { SdiNotificationRecord, SdiTransmission } from './model.ts'

export type TransmissionView = {
  readonly transmission: SdiTransmission
  readonly notifications: readonly SdiNotificationRecord[]
}

export async function getTransmission(
  deps: Pick<SdiDeps, 'store'>,
  tenantId: string,
  id: string,
): Promise<Result<TransmissionView, DomainError>> {
  const transmission = await deps.store.get(tenantId, id)
  if (transmission === null) return err({ code: 'not_found', resource: 'sdi transmission', id })
  return ok({ transmission, notifications: await deps.store.notifications(tenantId, id) })
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
