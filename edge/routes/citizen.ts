/**
 * `/online-payment/{id}`, `/landing/{id}` (public, by signed capability link) and `/update/{id}`
 * (the platform's poller: a signed link, or X-API-Key + JWT).
 * @module
 */

import { OpenAPIHono } from '@hono/zod-openapi'
import { paymentToWire } from '../../core/payment-wire.ts'
import type { Principal } from '../../core/principal.ts'
import { beginOnlinePayment, land } from '../../core/use-cases/citizen.ts'
import { paymentInScope } from '../../core/use-cases/scope.ts'
import { updateOnDemand } from '../../core/use-cases/update-payment.ts'
import { landingRoute, onlinePaymentRoute, updateRoute } from '../../openapi/citizen.ts'
import type { AppEnv } from '../context.ts'
import { DomainFailure, unwrap } from '../failure.ts'
import { requireCaller } from '../middleware/auth.ts'
import { requireLink } from '../middleware/capability-link.ts'
import { validationHook } from '../validation.ts'

export function citizenRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  const load = async (deps: AppEnv['Variables']['deps'], id: string) => {
    const stored = await deps.payments.getForCitizen(id.toLowerCase())
    if (!stored) throw new DomainFailure({ code: 'not_found', resource: 'payment', id })
    return stored
  }

  app.openapi(onlinePaymentRoute, async (c) => {
    const deps = c.get('deps')
    const { id } = c.req.valid('param')
    await requireLink(c, 'online-payment', id)
    const begun = unwrap(await beginOnlinePayment(deps, await load(deps, id)))
    c.header('cache-control', 'no-store')
    return c.redirect(begun.redirect, 303)
  })

  app.openapi(landingRoute, async (c) => {
    const deps = c.get('deps')
    const { id } = c.req.valid('param')
    await requireLink(c, 'landing', id)
    const landed = await land(deps, await load(deps, id))
    c.header('cache-control', 'no-store')
    return c.redirect(landed.redirect, 302)
  })

  app.openapi(updateRoute, async (c) => {
    const deps = c.get('deps')
    const { id } = c.req.valid('param')
    // Set by the authentication middleware unless the call came without credentials (a signed link).
    const caller = c.get('principal') as Principal | undefined
    let stored: Awaited<ReturnType<typeof load>> | null
    if (caller) {
      stored = await paymentInScope(deps, requireCaller(c, 'operator'), id)
    } else {
      await requireLink(c, 'update', id)
      stored = await deps.payments.getForCitizen(id.toLowerCase())
    }
    if (!stored) throw new DomainFailure({ code: 'not_found', resource: 'payment', id })
    const { stored: after } = await updateOnDemand(deps, stored, deps.config.VARCO_UPDATE_MIN_INTERVAL_MS)
    return c.json(paymentToWire(after.payment), 200)
  })

  return app
}
