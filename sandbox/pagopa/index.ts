/**
 * pagoPA simulator, mounted at `/sandbox/pagopa`: GPD v1 debt positions (with the A1.4 status
 * machine and validation), GPD receipts, Checkout carts with a local payment page, and a script hook
 * to pay a notice. In-memory, one instance per sandbox; wire format as in ../shared/specs/pagopa.md A.
 * Its request validation is written independently of adapters/pagopa/wire.ts on purpose.
 * @module
 */

import { type Context, Hono } from 'hono'
import { z } from 'zod'
import type { Simulator } from '../types.ts'

/** The only subscription key the simulator accepts (`Ocp-Apim-Subscription-Key`). */
export const SANDBOX_PAGOPA_KEY = 'sandbox-pagopa-key'
/** Test hook: wait this many ms (≤ 30000) before answering. */
export const SIM_DELAY_HEADER = 'x-sim-delay-ms'
/** Test hook: answer with this HTTP status (400–599) and a ProblemJson, doing nothing. */
export const SIM_FAIL_HEADER = 'x-sim-fail'
/**
 * Test hook (a business refusal): a position create answers 409 DEBT_POSITION_UNIQUE_VIOLATION as if
 * another position of the ente already held its IUV, so no notice number is free.
 */
export const SIM_DECLINE_HEADER = 'x-sim-decline'

const GPD = '/gpd/debt-positions-service/v1'
const RECEIPTS = '/gpd/payments-receipts-service/v1'
const CART_TTL_MS = 10 * 60 * 1000 // A3.2: carts live 10 minutes

type Status = 'DRAFT' | 'PUBLISHED' | 'VALID' | 'INVALID' | 'EXPIRED' | 'PARTIALLY_PAID' | 'PAID' | 'REPORTED'

type Transfer = z.infer<typeof TransferIn>
type Option = {
  nav: string
  iuv: string
  amount: number
  description: string
  isPartialPayment: boolean
  dueDate: Date
  retentionDate: Date | null
  insertedDate: Date
  lastUpdatedDate: Date
  paymentDate: Date | null
  idReceipt: string | null
  pspCompany: string | null
  paymentMethod: string | null
  status: 'PO_UNPAID' | 'PO_PAID'
  transfer: Transfer[]
}
type Position = {
  org: string
  iupd: string
  body: z.infer<typeof PositionIn>
  status: Status
  validityDate: Date | null
  insertedDate: Date
  publishDate: Date | null
  paymentDate: Date | null
  lastUpdatedDate: Date
  options: Option[]
}
type Cart = {
  id: string
  request: z.infer<typeof CartIn>
  createdAt: Date
  outcome: 'ok' | 'cancel' | 'error' | null
}

const TransferIn = z.object({
  idTransfer: z.string(),
  amount: z.number().int().min(1),
  organizationFiscalCode: z.string().nullish(),
  remittanceInformation: z.string().min(1).max(140),
  category: z.string().min(1),
  iban: z
    .string()
    .regex(/^[A-Za-z0-9]{1,35}$/)
    .nullish(),
  postalIban: z
    .string()
    .regex(/^$|^[A-Za-z0-9]{1,35}$/)
    .nullish(),
  stamp: z
    .object({
      hashDocument: z.string().max(72),
      stampType: z.string().length(2),
      provincialResidence: z.string().regex(/^[A-Z]{2}$/),
    })
    .partial()
    .nullish(),
  companyName: z.string().max(140).nullish(),
})

const OptionIn = z.object({
  iuv: z.string().min(1),
  nav: z.string().nullish(),
  amount: z.number().int().min(1),
  description: z.string().min(1).max(140),
  isPartialPayment: z.boolean(),
  dueDate: z.string(),
  retentionDate: z.string().nullish(),
  transfer: z.array(TransferIn).default([]),
})

const PositionIn = z.object({
  iupd: z.string().min(1),
  type: z.enum(['F', 'G']),
  payStandIn: z.boolean().nullish(),
  fiscalCode: z.string().min(1),
  fullName: z.string().min(1),
  streetName: z.string().nullish(),
  civicNumber: z.string().nullish(),
  postalCode: z.string().nullish(),
  city: z.string().nullish(),
  province: z.string().nullish(),
  region: z.string().nullish(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  switchToExpired: z.boolean(),
  companyName: z.string().min(1).max(140),
  officeName: z.string().max(140).nullish(),
  validityDate: z.string().nullish(),
  paymentOption: z.array(OptionIn).min(1),
})

const CartIn = z.object({
  emailNotice: z.email().nullish(),
  paymentNotices: z
    .array(
      z.object({
        noticeNumber: z.string().length(18),
        fiscalCode: z.string().length(11),
        amount: z.number().int().min(1),
        companyName: z.string().max(140),
        description: z.string().max(140),
      }),
    )
    .min(1),
  returnUrls: z.object({ returnOkUrl: z.url(), returnCancelUrl: z.url(), returnErrorUrl: z.url() }),
  idCart: z.string().nullish(),
  allCCP: z.boolean().nullish(),
})

/** GPD LocalDateTime: zone-less means UTC (also accepts an explicit zone, as Jackson does leniently). */
function parseDate(s: string | null | undefined): Date | null | 'invalid' {
  if (s == null) return null
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/.test(s)) return 'invalid'
  const m = /^(.{19})(?:\.(\d+))?(.*)$/.exec(s)
  const d = new Date(`${m?.[1]}.${(m?.[2] ?? '').slice(0, 3).padEnd(3, '0')}${m?.[3] || 'Z'}`)
  return Number.isNaN(d.getTime()) ? 'invalid' : d
}
const out = (d: Date | null) => (d ? d.toISOString().slice(0, 23) : null)

const gpdProblem = (c: Context, status: 400 | 401 | 404 | 409 | 422, title: string, detail: string) =>
  c.json({ title, status, detail }, status)

const checkoutProblem = (c: Context, status: 400 | 422, title: string, detail: string) =>
  c.json({ type: 'about:blank', title, status, detail, instance: c.req.path }, status)

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

/** 123456 → `1.234,56 €` (Italian grouping, no Intl so it prints the same on every runtime). */
const euros = (cents: number) =>
  `${String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${String(cents % 100).padStart(2, '0')} €`

/** The printed notice code: groups of 4 (`3010 0000 0000 0001 44`). */
const grouped = (nav: string) => nav.replace(/(.{4})(?=.)/g, '$1 ')

const decimal = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

export type PagopaSimOptions = {
  readonly clock?: () => Date
  readonly newId?: () => string
}

export type PagopaSimControl = {
  /** A snapshot of every position (for tests and the sandbox index page). */
  readonly positions: () => ReadonlyArray<{ org: string; iupd: string; status: string; nav: string; iuv: string }>
}

export type PagopaSimulator = Simulator & { readonly control: PagopaSimControl }

export function pagopaSimulator(options: PagopaSimOptions = {}): PagopaSimulator {
  const now = options.clock ?? (() => new Date())
  const newId = options.newId ?? (() => crypto.randomUUID())
  const positions = new Map<string, Position>() // key: `${org}/${iupd}`
  const carts = new Map<string, Cart>()
  const app = new Hono()

  /** A1.4: PUBLISHED → VALID once validityDate ≤ now; VALID → EXPIRED after the last due date. */
  function refresh(p: Position): Position {
    const t = now()
    if (p.status === 'PUBLISHED' && p.validityDate && p.validityDate <= t) p.status = 'VALID'
    if (p.status === 'VALID' && p.body.switchToExpired && p.options.every((o) => o.dueDate < t)) p.status = 'EXPIRED'
    return p
  }
  const all = () => [...positions.values()].map(refresh)
  // Options indexed by `${org}/iuv:${iuv}` and `${org}/nav:${nav}`, and by nav alone, so lookups don't scan every position.
  const optionIndex = new Map<string, { p: Position; o: Option }>()
  const navIndex = new Map<string, Array<{ p: Position; o: Option }>>()
  const index = (p: Position, add: boolean) => {
    for (const o of p.options) {
      for (const k of [`${p.org}/iuv:${o.iuv}`, `${p.org}/nav:${o.nav}`]) add ? optionIndex.set(k, { p, o }) : optionIndex.delete(k)
      const list = (navIndex.get(o.nav) ?? []).filter((x) => x.p !== p)
      if (add) list.push({ p, o })
      if (list.length > 0) navIndex.set(o.nav, list)
      else navIndex.delete(o.nav)
    }
  }
  const find = (org: string, iupd: string) => {
    const p = positions.get(`${org}/${iupd}`)
    return p ? refresh(p) : undefined
  }
  const byNav = (nav: string, org?: string) =>
    (navIndex.get(nav) ?? []).filter((x) => !org || x.p.org === org).map((x) => ({ p: refresh(x.p), o: x.o }))

  function publish(p: Position) {
    const t = now()
    p.validityDate ??= t
    p.publishDate = t
    p.status = p.validityDate <= t ? 'VALID' : 'PUBLISHED'
    p.lastUpdatedDate = t
  }

  /** A1.4 "payable by PSP": the position is VALID and the option unpaid. */
  const payable = (hit: { p: Position; o: Option } | undefined) => hit?.p.status === 'VALID' && hit.o.status === 'PO_UNPAID'

  function pay(p: Position, o: Option): boolean {
    if (!payable({ p, o })) return false
    const t = now()
    o.status = 'PO_PAID'
    o.paymentDate = t
    o.idReceipt = newId().replace(/-/g, '')
    o.pspCompany = 'Sandbox PSP'
    o.paymentMethod = 'CP'
    o.lastUpdatedDate = t
    p.status = p.options.every((x) => x.status === 'PO_PAID') ? 'PAID' : 'PARTIALLY_PAID'
    p.paymentDate = t
    p.lastUpdatedDate = t
    return true
  }

  const transferView = (p: Position, t: Transfer) => ({
    organizationFiscalCode: t.organizationFiscalCode ?? p.org,
    companyName: t.companyName ?? null,
    idTransfer: t.idTransfer,
    amount: t.amount,
    remittanceInformation: t.remittanceInformation,
    category: t.category,
    iban: t.iban ?? null,
    postalIban: t.postalIban ?? null,
    stamp: t.stamp ?? null,
    insertedDate: out(p.insertedDate),
    status: 'T_UNREPORTED',
    lastUpdatedDate: out(p.lastUpdatedDate),
    transferMetadata: [],
  })
  const optionView = (p: Position, o: Option) => ({
    nav: o.nav,
    iuv: o.iuv,
    organizationFiscalCode: p.org,
    amount: o.amount,
    description: o.description,
    isPartialPayment: o.isPartialPayment,
    dueDate: out(o.dueDate),
    retentionDate: out(o.retentionDate),
    paymentDate: out(o.paymentDate),
    reportingDate: null,
    insertedDate: out(o.insertedDate),
    paymentMethod: o.paymentMethod,
    fee: 0,
    notificationFee: 0,
    pspCompany: o.pspCompany,
    idReceipt: o.idReceipt,
    idFlowReporting: null,
    status: o.status,
    lastUpdatedDate: out(o.lastUpdatedDate),
    paymentOptionMetadata: [],
    transfer: o.transfer.map((t) => transferView(p, t)),
  })
  /** `PaymentPositionModelBaseResponse`: no debtor fields (A1.3). */
  const positionView = (p: Position) => ({
    iupd: p.iupd,
    organizationFiscalCode: p.org,
    type: p.body.type,
    companyName: p.body.companyName,
    officeName: p.body.officeName ?? null,
    insertedDate: out(p.insertedDate),
    publishDate: out(p.publishDate),
    validityDate: out(p.validityDate),
    paymentDate: out(p.paymentDate),
    status: p.status,
    lastUpdatedDate: out(p.lastUpdatedDate),
    paymentOption: p.options.map((o) => optionView(p, o)),
  })
  /** The create/publish/invalidate answer echoes the whole `PaymentPositionModel`. */
  const modelView = (p: Position) => ({ ...p.body, ...positionView(p) })

  // Test hooks first, then APIM's subscription-key check on the API paths (not on pages or /info).
  app.use('*', async (c, next) => {
    const delay = Number(c.req.header(SIM_DELAY_HEADER) ?? 0)
    if (delay > 0) await new Promise((r) => setTimeout(r, Math.min(delay, 30_000)))
    const fail = Number(c.req.header(SIM_FAIL_HEADER) ?? 0)
    if (Number.isInteger(fail) && fail >= 400 && fail <= 599) {
      return c.json({ title: 'Simulated failure', status: fail, detail: `${SIM_FAIL_HEADER}: ${fail}` }, fail as 500)
    }
    return next()
  })
  const apim = (queryForm: boolean) => async (c: Context, next: () => Promise<void>) => {
    if (c.req.path.endsWith(`${GPD}/info`)) return next()
    const key = c.req.header('Ocp-Apim-Subscription-Key') ?? (queryForm ? c.req.query('subscription-key') : undefined)
    if (key === SANDBOX_PAGOPA_KEY) return next()
    const message = key
      ? 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.'
      : 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.'
    return c.json({ statusCode: 401, message }, 401)
  }
  app.use('/gpd/*', apim(false))
  app.use('/checkout/ec/*', apim(true))
  app.use('/gpd/*', async (c, next) => {
    await next()
    c.header('X-Request-Id', c.req.header('X-Request-Id') ?? newId())
  })

  app.get(`${GPD}/info`, (c) => c.json({ name: 'pagopa-debt-position', version: 'sandbox', environment: 'sandbox' }))

  app.post(`${GPD}/organizations/:org/debtpositions`, async (c) => {
    const org = c.req.param('org')
    const parsed = PositionIn.safeParse(await c.req.json().catch(() => undefined))
    if (!parsed.success) {
      const first = parsed.error.issues[0]
      return gpdProblem(c, 400, 'BAD REQUEST', `${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'}`)
    }
    const body = parsed.data
    const t = now()
    const validityDate = parseDate(body.validityDate)
    if (validityDate === 'invalid') return gpdProblem(c, 400, 'BAD REQUEST', 'validityDate: not a date-time')
    if (validityDate && validityDate <= t) return gpdProblem(c, 400, 'Bad Request', 'validityDate must be in the future')
    const options: Option[] = []
    for (const o of body.paymentOption) {
      const dueDate = parseDate(o.dueDate)
      const retentionDate = parseDate(o.retentionDate)
      if (dueDate === null || dueDate === 'invalid' || retentionDate === 'invalid') {
        return gpdProblem(c, 400, 'BAD REQUEST', `paymentOption[iuv=${o.iuv}]: dueDate/retentionDate must be date-times`)
      }
      if (dueDate < (validityDate ?? t)) return gpdProblem(c, 400, 'Bad Request', `dueDate of iuv ${o.iuv} is before the validity date`)
      if (retentionDate && retentionDate < dueDate)
        return gpdProblem(c, 400, 'Bad Request', `retentionDate of iuv ${o.iuv} is before dueDate`)
      if (o.transfer.length < 1 || o.transfer.length > 5) {
        return gpdProblem(c, 400, 'Bad Request', `iuv ${o.iuv}: between 1 and 5 transfers are allowed, got ${o.transfer.length}`)
      }
      const ids = o.transfer.map((x) => x.idTransfer)
      if (ids.some((id) => !['1', '2', '3', '4', '5'].includes(id)) || new Set(ids).size !== ids.length) {
        return gpdProblem(c, 400, 'Bad Request', `iuv ${o.iuv}: idTransfer must be distinct values in 1..5`)
      }
      const sum = o.transfer.reduce((s, x) => s + x.amount, 0)
      if (sum !== o.amount) return gpdProblem(c, 400, 'Bad Request', `iuv ${o.iuv}: amount ${o.amount} ≠ sum of transfers ${sum}`)
      for (const x of o.transfer) {
        const stamp = x.stamp ? !!(x.stamp.hashDocument && x.stamp.stampType && x.stamp.provincialResidence) : null
        if (stamp === false) return gpdProblem(c, 400, 'Bad Request', `transfer ${x.idTransfer}: incomplete stamp`)
        if (!!x.iban === (stamp === true))
          return gpdProblem(c, 400, 'Bad Request', `transfer ${x.idTransfer}: exactly one of iban or stamp`)
        if (stamp && x.postalIban)
          return gpdProblem(c, 400, 'Bad Request', `transfer ${x.idTransfer}: postalIban is not allowed with a stamp`)
      }
      options.push({
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
      })
    }
    const clash = options.find((o) => optionIndex.has(`${org}/iuv:${o.iuv}`) || optionIndex.has(`${org}/nav:${o.nav}`))
    if (positions.has(`${org}/${body.iupd}`) || clash) {
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
    if (c.req.query('toPublish') === 'true') publish(p)
    positions.set(`${org}/${body.iupd}`, p)
    index(p, true)
    return c.json(modelView(p), 201)
  })

  const notFound = (c: Context) => gpdProblem(c, 404, 'Not found', `No debt position ${c.req.param('iupd')} for ${c.req.param('org')}`)

  app.get(`${GPD}/organizations/:org/debtpositions/:iupd`, (c) => {
    const p = find(c.req.param('org'), c.req.param('iupd'))
    return p ? c.json(positionView(p)) : notFound(c)
  })

  app.post(`${GPD}/organizations/:org/debtpositions/:iupd/publish`, (c) => {
    const p = find(c.req.param('org'), c.req.param('iupd'))
    if (!p) return notFound(c)
    if (p.status !== 'DRAFT') return gpdProblem(c, 409, 'Conflict: DEBT_POSITION_NOT_PUBLISHABLE', `Status ${p.status}`)
    if (p.options.some((o) => o.dueDate < now())) {
      return gpdProblem(c, 409, 'Conflict: DEBT_POSITION_PUBLISH_DUE_DATE_MISMATCH', 'A due date is in the past')
    }
    publish(p)
    return c.json(modelView(p))
  })

  app.post(`${GPD}/organizations/:org/debtpositions/:iupd/invalidate`, (c) => {
    const p = find(c.req.param('org'), c.req.param('iupd'))
    if (!p) return notFound(c)
    if (p.status !== 'PUBLISHED' && p.status !== 'VALID') {
      return gpdProblem(c, 409, 'Conflict: DEBT_POSITION_NOT_INVALIDABLE', `The debt position ${p.iupd} is in status ${p.status}`)
    }
    p.status = 'INVALID'
    p.lastUpdatedDate = now()
    return c.json(modelView(p))
  })

  app.delete(`${GPD}/organizations/:org/debtpositions/:iupd`, (c) => {
    const p = find(c.req.param('org'), c.req.param('iupd'))
    if (!p) return notFound(c)
    if (!['DRAFT', 'PUBLISHED', 'VALID', 'INVALID', 'EXPIRED'].includes(p.status)) {
      return gpdProblem(c, 409, 'Conflict: DEBT_POSITION_PAYMENT_FOUND', `The debt position ${p.iupd} is in status ${p.status}`)
    }
    positions.delete(`${p.org}/${p.iupd}`)
    index(p, false)
    return c.json('OK')
  })

  // GPD receipts (A1.7): the stored paSendRT document once paid.
  app.get(`${RECEIPTS}/payments/:org/receipts/:iuv`, (c) => {
    const org = c.req.param('org')
    const iuv = c.req.param('iuv')
    const found = optionIndex.get(`${org}/iuv:${iuv}`)
    const hit = found && { p: refresh(found.p), o: found.o }
    if (hit?.o.status !== 'PO_PAID') return gpdProblem(c, 404, 'Not found', `No receipt for iuv ${iuv} of ${org}`)
    return c.body(receiptXml(hit.p, hit.o), 200, { 'content-type': 'application/xml; charset=utf-8' })
  })

  // Checkout carts (A3): validate, check every notice is payable, answer 302 to the local page.
  app.post('/checkout/ec/v1/carts', async (c) => {
    const parsed = CartIn.safeParse(await c.req.json().catch(() => undefined))
    if (!parsed.success) {
      const first = parsed.error.issues[0]
      return checkoutProblem(c, 400, 'Bad Request', `${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'}`)
    }
    const notices = parsed.data.paymentNotices
    if (notices.length > 5) return checkoutProblem(c, 422, 'Unprocessable Entity', 'Multiple payment notices not processable')
    if (new Set(notices.map((n) => n.fiscalCode + n.noticeNumber)).size !== notices.length) {
      return checkoutProblem(c, 422, 'Unprocessable Entity', 'Duplicate payment notice values found')
    }
    for (const n of notices) {
      const hit = byNav(n.noticeNumber, n.fiscalCode)[0]
      if (!payable(hit)) return checkoutProblem(c, 422, 'Unprocessable Entity', 'Invalid payment notice data')
    }
    const id = newId()
    carts.set(id, { id, request: parsed.data, createdAt: now(), outcome: null })
    const url = new URL(c.req.url)
    const prefix = url.pathname.slice(0, -'/checkout/ec/v1/carts'.length)
    return c.body(null, 302, { location: `${url.origin}${prefix}/checkout/carts/${id}` })
  })

  const liveCart = (id: string) => {
    const cart = carts.get(id)
    return cart && now().getTime() - cart.createdAt.getTime() <= CART_TTL_MS ? cart : undefined
  }
  const pageHeaders = {
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'cache-control': 'no-store',
  }

  app.get('/checkout/carts/:id', (c) => {
    const cart = liveCart(c.req.param('id'))
    if (!cart) return c.html(page('Carrello non trovato', '<p>Il carrello è scaduto o non esiste.</p>'), 404, pageHeaders)
    const rows = cart.request.paymentNotices
      .map(
        (n) => `<tr><td>${esc(n.companyName)}<br><small>${esc(n.description)}</small></td>
<td><code>${esc(grouped(n.noticeNumber))}</code><br><small>CF ente ${esc(n.fiscalCode)}</small></td>
<td class="amount">${euros(n.amount)}</td></tr>`,
      )
      .join('\n')
    const total = cart.request.paymentNotices.reduce((s, n) => s + n.amount, 0)
    const closed = cart.outcome ? `<p class="note">Questo carrello è già stato chiuso (${cart.outcome}).</p>` : ''
    const id = esc(cart.id)
    const body = `<table><thead><tr><th>Ente e causale</th><th>Codice avviso</th><th>Importo</th></tr></thead>
<tbody>${rows}</tbody><tfoot><tr><td colspan="2">Totale</td><td class="amount">${euros(total)}</td></tr></tfoot></table>
${closed}<div class="actions">
<form method="post" action="${id}/pay"><button type="submit" class="pay">Paga</button></form>
<form method="post" action="${id}/cancel"><button type="submit">Annulla</button></form></div>`
    return c.html(page('Checkout pagoPA (sandbox)', body), 200, pageHeaders)
  })

  const finish = (c: Context, outcome: 'pay' | 'cancel') => {
    const cart = liveCart(c.req.param('id') ?? '')
    if (!cart) return c.html(page('Carrello non trovato', '<p>Il carrello è scaduto o non esiste.</p>'), 404, pageHeaders)
    const urls = cart.request.returnUrls
    if (!cart.outcome) {
      if (outcome === 'cancel') cart.outcome = 'cancel'
      else {
        const hits = cart.request.paymentNotices.map((n) => byNav(n.noticeNumber, n.fiscalCode)[0])
        const ok = hits.every(payable)
        cart.outcome = ok ? 'ok' : 'error'
        if (ok) for (const h of hits) if (h) pay(h.p, h.o)
      }
    }
    const to = cart.outcome === 'ok' ? urls.returnOkUrl : cart.outcome === 'cancel' ? urls.returnCancelUrl : urls.returnErrorUrl
    return c.redirect(to, 303)
  }
  app.post('/checkout/carts/:id/pay', (c) => finish(c, 'pay'))
  app.post('/checkout/carts/:id/cancel', (c) => finish(c, 'cancel'))

  // Script hook: a citizen pays notice `nav` somewhere in the pagoPA network.
  app.post('/notices/:nav/pay', (c) => {
    const hits = byNav(c.req.param('nav'), c.req.query('organization'))
    const hit = hits[0]
    if (!hit) return gpdProblem(c, 404, 'Not found', `No notice ${c.req.param('nav')}`)
    if (hits.length > 1) return gpdProblem(c, 409, 'Conflict', 'Several organizations use this notice: add ?organization=')
    if (!pay(hit.p, hit.o)) return gpdProblem(c, 409, 'Conflict', `The notice is not payable: position status ${hit.p.status}`)
    return c.json({
      noticeNumber: hit.o.nav,
      iuv: hit.o.iuv,
      iupd: hit.p.iupd,
      organizationFiscalCode: hit.p.org,
      status: hit.p.status,
      paymentDate: out(hit.o.paymentDate),
      idReceipt: hit.o.idReceipt,
    })
  })

  app.get('/', (c) =>
    c.html(
      page(
        'pagoPA simulator',
        `<p>Subscription key: <code>${SANDBOX_PAGOPA_KEY}</code> (header <code>Ocp-Apim-Subscription-Key</code>).</p>
<ul><li><code>${GPD}/organizations/{cf}/debtpositions[/{iupd}[/publish|/invalidate]]</code></li>
<li><code>${RECEIPTS}/payments/{cf}/receipts/{iuv}</code></li>
<li><code>POST /checkout/ec/v1/carts</code> → 302 to a local payment page</li>
<li><code>POST /notices/{notice_number}/pay</code> marks a notice paid (scripts)</li>
<li>Test headers: <code>${SIM_DELAY_HEADER}: ms</code>, <code>${SIM_FAIL_HEADER}: status</code>, <code>${SIM_DECLINE_HEADER}: 1</code> (a create finds its IUV taken: 409)</li></ul>
<p>${positions.size} debt positions in memory.</p>`,
      ),
      200,
      pageHeaders,
    ),
  )

  return {
    name: 'pagopa',
    description: 'pagoPA GPD debt positions, receipts and Checkout carts, with a local payment page.',
    app,
    control: {
      positions: () =>
        all().map((p) => ({ org: p.org, iupd: p.iupd, status: p.status, nav: p.options[0]?.nav ?? '', iuv: p.options[0]?.iuv ?? '' })),
    },
  }
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)}</title><style>
body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#17324d}
h1{font-size:1.4rem}table{width:100%;border-collapse:collapse}td,th{padding:.5rem;border-bottom:1px solid #ddd;text-align:left}
.amount{text-align:right;white-space:nowrap}.actions{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.4rem;border:1px solid #0066cc;background:#fff;color:#0066cc;border-radius:4px;cursor:pointer}
button.pay{background:#0066cc;color:#fff}.note{color:#a0522d}
</style></head><body><h1>${esc(title)}</h1>${body}</body></html>`
}

/** A `paSendRTReq`-shaped receipt (A4) for a paid option. */
function receiptXml(p: Position, o: Option): string {
  const x = (tag: string, v: string | number | null | undefined) => (v == null || v === '' ? '' : `<${tag}>${esc(String(v))}</${tag}>`)
  const b = p.body
  const debtor = `<debtor><uniqueIdentifier>${x('entityUniqueIdentifierType', b.type)}${x('entityUniqueIdentifierValue', b.fiscalCode)}</uniqueIdentifier>${x('fullName', b.fullName.slice(0, 70))}${x('streetName', b.streetName)}${x('civicNumber', b.civicNumber)}${x('postalCode', b.postalCode)}${x('city', b.city)}${x('stateProvinceRegion', b.province)}${x('country', b.country)}${x('e-mail', b.email)}</debtor>`
  const transfers = o.transfer
    .map(
      (t) =>
        `<transfer>${x('idTransfer', t.idTransfer)}${x('transferAmount', decimal(t.amount))}${x('fiscalCodePA', t.organizationFiscalCode ?? p.org)}${x('IBAN', t.iban)}${x('remittanceInformation', t.remittanceInformation)}${x('transferCategory', t.category)}</transfer>`,
    )
    .join('')
  const paid = o.paymentDate ?? new Date(0)
  return `<?xml version="1.0" encoding="UTF-8"?>
<pafn:paSendRTReq xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd">${x('idPA', p.org)}${x('idBrokerPA', p.org)}${x('idStation', `${p.org}_01`)}<receipt>${x('receiptId', o.idReceipt)}${x('noticeNumber', o.nav)}${x('fiscalCode', p.org)}${x('outcome', 'OK')}${x('creditorReferenceId', o.iuv)}${x('paymentAmount', decimal(o.amount))}${x('description', o.description)}${x('companyName', b.companyName)}${x('officeName', b.officeName)}${debtor}<transferList>${transfers}</transferList>${x('idPSP', 'SANDBOXPSP')}${x('PSPCompanyName', o.pspCompany)}${x('idChannel', 'SANDBOXPSP_01')}${x('channelDescription', 'sandbox')}${x('paymentMethod', 'creditCard')}${x('fee', '0.00')}${x('paymentDateTime', paid.toISOString().slice(0, 19))}${x('applicationDate', paid.toISOString().slice(0, 10))}${x('transferDate', paid.toISOString().slice(0, 10))}</receipt></pafn:paSendRTReq>`
}
