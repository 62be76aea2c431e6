/**
 * GPD debt positions (A1), mounted at `/gpd/debt-positions-service/v1`: create (with the checks
 * GPD makes on options and transfers), read, publish, invalidate, delete, and `/info`.
 * @module
 */

import { type Context, Hono } from 'hono'
import { SIM_DECLINE_HEADER } from '../shared/hooks.ts'
import { firstIssue, type OptionBody, PositionIn, parseDate } from './schemas.ts'
import type { Option, PagopaState, Position } from './state.ts'
import { modelView, positionView } from './views.ts'

export const GPD = '/gpd/debt-positions-service/v1'

/** GPD's error body. */
export const gpdProblem = (c: Context, status: 400 | 401 | 404 | 409 | 422, title: string, detail: string) =>
  c.json({ title, status, detail }, status)

type Refusal = { readonly title: string; readonly detail: string }

/** One payment option as GPD checks it (dates, 1–5 distinct transfers summing to the amount, iban xor stamp). */
function readOption(o: OptionBody, validityDate: Date | null, t: Date): Option | Refusal {
  const bad = (detail: string, title = 'Bad Request') => ({ title, detail })
  const dueDate = parseDate(o.dueDate)
  const retentionDate = parseDate(o.retentionDate)
  if (dueDate === null || dueDate === 'invalid' || retentionDate === 'invalid') {
    return bad(`paymentOption[iuv=${o.iuv}]: dueDate/retentionDate must be date-times`, 'BAD REQUEST')
  }
  if (dueDate < (validityDate ?? t)) return bad(`dueDate of iuv ${o.iuv} is before the validity date`)
  if (retentionDate && retentionDate < dueDate) return bad(`retentionDate of iuv ${o.iuv} is before dueDate`)
  if (o.transfer.length < 1 || o.transfer.length > 5) {
    return bad(`iuv ${o.iuv}: between 1 and 5 transfers are allowed, got ${o.transfer.length}`)
  }
  const ids = o.transfer.map((x) => x.idTransfer)
  if (ids.some((id) => !['1', '2', '3', '4', '5'].includes(id)) || new Set(ids).size !== ids.length) {
    return bad(`iuv ${o.iuv}: idTransfer must be distinct values in 1..5`)
  }
  const sum = o.transfer.reduce((s, x) => s + x.amount, 0)
  if (sum !== o.amount) return bad(`iuv ${o.iuv}: amount ${o.amount} ≠ sum of transfers ${sum}`)
  for (const x of o.transfer) {
    const stamp = x.stamp ? !!(x.stamp.hashDocument && x.stamp.stampType && x.stamp.provincialResidence) : null
    if (stamp === false) return bad(`transfer ${x.idTransfer}: incomplete stamp`)
    if (!!x.iban === (stamp === true)) return bad(`transfer ${x.idTransfer}: exactly one of iban or stamp`)
    if (stamp && x.postalIban) return bad(`transfer ${x.idTransfer}: postalIban is not allowed with a stamp`)
  }
  return {
    nav: o.nav ?? `3${o.iuv}`,
    iuv: o.iuv,
    amount: o.amount,
    description: o.description,
    isPartialPayment: o.isPartialPayment,
    dueDate,
    retentionDate,
    insertedDate: t,
    lastUpdatedDate: t,
    paymentDate: null,
    idReceipt: null,
    pspCompany: null,
    paymentMethod: null,
    status: 'PO_UNPAID',
    transfer: o.transfer,
  }
}

export function gpdApi(state: PagopaState): Hono {
  const app = new Hono()

  app.get('/info', (c) => c.json({ name: 'pagopa-debt-position', version: 'sandbox', environment: 'sandbox' }))

  app.post('/organizations/:org/debtpositions', async (c) => {
    const org = c.req.param('org')
    const parsed = PositionIn.safeParse(await c.req.json().catch(() => undefined))
    if (!parsed.success) return gpdProblem(c, 400, 'BAD REQUEST', firstIssue(parsed.error))
    const body = parsed.data
    const t = state.now()
    const validityDate = parseDate(body.validityDate)
    if (validityDate === 'invalid') return gpdProblem(c, 400, 'BAD REQUEST', 'validityDate: not a date-time')
    if (validityDate && validityDate <= t) return gpdProblem(c, 400, 'Bad Request', 'validityDate must be in the future')
    const options: Option[] = []
    for (const o of body.paymentOption) {
      const option = readOption(o, validityDate, t)
      if ('title' in option) return gpdProblem(c, 400, option.title, option.detail)
      options.push(option)
    }
    const clash = options.find((o) => state.taken(org, o))
    if (state.has(org, body.iupd) || clash) {
      const what = clash ? `iuv ${clash.iuv}` : `iupd ${body.iupd}`
      return gpdProblem(c, 409, 'Conflict: DEBT_POSITION_UNIQUE_VIOLATION', `A debt position with ${what} already exists for ${org}`)
    }
    if (c.req.header(SIM_DECLINE_HEADER)) {
      const iuv = options[0]?.iuv ?? ''
      return gpdProblem(c, 409, 'Conflict: DEBT_POSITION_UNIQUE_VIOLATION', `A debt position with iuv ${iuv} already exists for ${org}`)
    }
    const p: Position = {
      org,
      iupd: body.iupd,
      body,
      status: 'DRAFT',
      validityDate,
      insertedDate: t,
      publishDate: null,
      paymentDate: null,
      lastUpdatedDate: t,
      options,
    }
    if (c.req.query('toPublish') === 'true') state.publish(p)
    state.add(p)
    return c.json(modelView(p), 201)
  })

  const notFound = (c: Context) => gpdProblem(c, 404, 'Not found', `No debt position ${c.req.param('iupd')} for ${c.req.param('org')}`)
  const find = (c: Context) => state.find(c.req.param('org') ?? '', c.req.param('iupd') ?? '')

  app.get('/organizations/:org/debtpositions/:iupd', (c) => {
    const p = find(c)
    return p ? c.json(positionView(p)) : notFound(c)
  })

  app.post('/organizations/:org/debtpositions/:iupd/publish', (c) => {
    const p = find(c)
    if (!p) return notFound(c)
    if (p.status !== 'DRAFT') return gpdProblem(c, 409, 'Conflict: DEBT_POSITION_NOT_PUBLISHABLE', `Status ${p.status}`)
    if (p.options.some((o) => o.dueDate < state.now())) {
      return gpdProblem(c, 409, 'Conflict: DEBT_POSITION_PUBLISH_DUE_DATE_MISMATCH', 'A due date is in the past')
    }
    state.publish(p)
    return c.json(modelView(p))
  })

  app.post('/organizations/:org/debtpositions/:iupd/invalidate', (c) => {
    const p = find(c)
    if (!p) return notFound(c)
    if (p.status !== 'PUBLISHED' && p.status !== 'VALID') {
      return gpdProblem(c, 409, 'Conflict: DEBT_POSITION_NOT_INVALIDABLE', `The debt position ${p.iupd} is in status ${p.status}`)
    }
    p.status = 'INVALID'
    p.lastUpdatedDate = state.now()
    return c.json(modelView(p))
  })

  app.delete('/organizations/:org/debtpositions/:iupd', (c) => {
    const p = find(c)
    if (!p) return notFound(c)
    if (!['DRAFT', 'PUBLISHED', 'VALID', 'INVALID', 'EXPIRED'].includes(p.status)) {
      return gpdProblem(c, 409, 'Conflict: DEBT_POSITION_PAYMENT_FOUND', `The debt position ${p.iupd} is in status ${p.status}`)
    }
    state.remove(p)
    return c.json('OK')
  })

  return app
}
