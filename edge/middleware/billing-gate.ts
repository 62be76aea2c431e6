/**
 * 402 for suspended or expired subscriptions on every authenticated Agile API route except
 * `/billing/*` (so that the tenant can still see what it owes and pay it). After authentication
 * (401 comes first) and before any handler's role check (402 comes before 403).
 * @module
 */

import type { MiddlewareHandler } from 'hono'
import { billingBlocks } from '../../core/payments-v2/model.ts'
import type { AppEnv } from '../context.ts'
import { DomainFailure } from '../failure.ts'
import { isAgilePath } from '../http-errors.ts'

export const isBillingPath = (path: string): boolean => path === '/billing' || path.startsWith('/billing/')

export function billingGate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal')
    if (principal?.kind !== 'tenant' || !isAgilePath(c.req.path) || isBillingPath(c.req.path)) return next()
    const status = await c.get('deps').paymentsV2.billing.get(principal.tenantId)
    if (status !== null && billingBlocks(status)) throw new DomainFailure({ code: 'billing.inactive', status })
    await next()
  }
}
