/** `/online-payment/{id}`, `/landing/{id}` (public, by unguessable id) and `/update/{id}`. @module */

import { OpenAPIHono } from '@hono/zod-openapi'
import { paymentToWire } from '../../core/payment-wire.ts'
import { checkPayment } from '../../core/use-cases/check-payment.ts'
import { beginOnlinePayment, land } from '../../core/use-cases/citizen.ts'
import { paymentInScope } from '../../core/use-cases/scope.ts'
import { landingRoute, onlinePaymentRoute, updateRoute } from '../../openapi/citizen.ts'
import type { AppEnv } from '../context.ts'
import { DomainFailure, unwrap } from '../failure.ts'
import { requireCaller } from '../middleware/auth.ts'
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
    const begun = unwrap(await beginOnlinePayment(deps, await load(deps, c.req.valid('param').id)))
    c.header('cache-control', 'no-store')
    return c.redirect(begun.redirect, 303)
  })

  app.openapi(landingRoute, async (c) => {
    const deps = c.get('deps')
    const landed = await land(deps, await load(deps, c.req.valid('param').id))
    c.header('cache-control', 'no-store')
    return c.redirect(landed.redirect, 302)
  })

  app.openapi(updateRoute, async (c) => {
    const principal = requireCaller(c, 'operator')
    const deps = c.get('deps')
    const { id } = c.req.valid('param')
    const stored = await paymentInScope(deps, principal, id)
    if (!stored) throw new DomainFailure({ code: 'not_found', resource: 'payment', id })
    const { stored: after } = await checkPayment(deps, stored)
    return c.json(paymentToWire(after.payment), 200)
  })

  return app
}
