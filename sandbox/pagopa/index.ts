/**
 * pagoPA simulator, mounted at `/sandbox/pagopa`: GPD v1 debt positions (with the A1.4 status
 * machine and validation), GPD receipts, Checkout carts with a local payment page, and a script hook
 * to pay a notice. In-memory, one instance per sandbox; wire format as in ../shared/specs/pagopa.md A.
 * Its request validation is written independently of adapters/pagopa/wire.ts on purpose.
 * @module
 */

import { type Context, Hono } from 'hono'
import { SIM_DECLINE_HEADER, SIM_DELAY_HEADER, SIM_FAIL_HEADER, simulatedDelay } from '../shared/hooks.ts'
import { PAGE_HEADERS } from '../shared/html.ts'
import type { Simulator } from '../types.ts'
import { checkoutApi } from './checkout.ts'
import { SANDBOX_PAGOPA } from './credentials.ts'
import { GPD, gpdApi, gpdProblem } from './gpd.ts'
import { page, paymentPage } from './page.ts'
import { RECEIPTS, receiptsApi } from './receipts.ts'
import { out } from './schemas.ts'
import { pagopaState } from './state.ts'

/** Test hooks honoured: delay, failure (a ProblemJson), and decline (a position create finds its IUV taken: 409). */
export { SIM_DECLINE_HEADER, SIM_DELAY_HEADER, SIM_FAIL_HEADER } from '../shared/hooks.ts'
export { SANDBOX_PAGOPA } from './credentials.ts'

const DESCRIPTION = 'pagoPA GPD debt positions, receipts and Checkout carts, with a local payment page.'

export type PagopaSimOptions = {
  readonly clock?: () => Date
  readonly newId?: () => string
}

export type PagopaSimControl = {
  /** A snapshot of every position (for tests and the sandbox index page). */
  readonly positions: () => ReadonlyArray<{ org: string; iupd: string; status: string; nav: string; iuv: string }>
}

export type PagopaSimulator = Simulator & { readonly control: PagopaSimControl }

/** APIM's subscription-key check, on the API paths only (not on pages or GPD's /info). */
const apim = (queryForm: boolean) => async (c: Context, next: () => Promise<void>) => {
  if (c.req.path.endsWith(`${GPD}/info`)) return next()
  const key = c.req.header('Ocp-Apim-Subscription-Key') ?? (queryForm ? c.req.query('subscription-key') : undefined)
  if (key === SANDBOX_PAGOPA.subscriptionKey) return next()
  const message = key
    ? 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.'
    : 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.'
  return c.json({ statusCode: 401, message }, 401)
}

export function pagopaSimulator(options: PagopaSimOptions = {}): PagopaSimulator {
  const state = pagopaState(options.clock ?? (() => new Date()), options.newId ?? (() => crypto.randomUUID()))
  const app = new Hono()

  // Test hooks first, then APIM's subscription-key check.
  app.use('*', simulatedDelay)
  app.use('*', async (c, next) => {
    const fail = Number(c.req.header(SIM_FAIL_HEADER) ?? 0)
    if (Number.isInteger(fail) && fail >= 400 && fail <= 599) {
      return c.json({ title: 'Simulated failure', status: fail, detail: `${SIM_FAIL_HEADER}: ${fail}` }, fail as 500)
    }
    return next()
  })
  app.use('/gpd/*', apim(false))
  app.use('/checkout/ec/*', apim(true))
  app.use('/gpd/*', async (c, next) => {
    await next()
    c.header('X-Request-Id', c.req.header('X-Request-Id') ?? state.newId())
  })

  app.route(GPD, gpdApi(state))
  app.route(RECEIPTS, receiptsApi(state))
  app.route('/checkout/ec/v1', checkoutApi(state))
  app.route('/', paymentPage(state))

  // Script hook: a citizen pays notice `nav` somewhere in the pagoPA network.
  app.post('/notices/:nav/pay', (c) => {
    const hits = state.byNav(c.req.param('nav'), c.req.query('organization'))
    const hit = hits[0]
    if (!hit) return gpdProblem(c, 404, 'Not found', `No notice ${c.req.param('nav')}`)
    if (hits.length > 1) return gpdProblem(c, 409, 'Conflict', 'Several organizations use this notice: add ?organization=')
    if (!state.pay(hit.p, hit.o)) return gpdProblem(c, 409, 'Conflict', `The notice is not payable: position status ${hit.p.status}`)
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

  const about =
    () => `<p>Subscription key: <code>${SANDBOX_PAGOPA.subscriptionKey}</code> (header <code>Ocp-Apim-Subscription-Key</code>).</p>
<ul><li><code>${GPD}/organizations/{cf}/debtpositions[/{iupd}[/publish|/invalidate]]</code></li>
<li><code>${RECEIPTS}/payments/{cf}/receipts/{iuv}</code></li>
<li><code>POST /checkout/ec/v1/carts</code> → 302 to a local payment page</li>
<li><code>POST /notices/{notice_number}/pay</code> marks a notice paid (scripts)</li>
<li>Test headers: <code>${SIM_DELAY_HEADER}: ms</code>, <code>${SIM_FAIL_HEADER}: status</code>, <code>${SIM_DECLINE_HEADER}: 1</code> (a create finds its IUV taken: 409)</li></ul>
<p>${state.size()} debt positions in memory.</p>`
  app.get('/', (c) => c.html(page('pagoPA simulator', about()), 200, PAGE_HEADERS))

  const control: PagopaSimControl = {
    positions: () =>
      state.all().map((p) => ({ org: p.org, iupd: p.iupd, status: p.status, nav: p.options[0]?.nav ?? '', iuv: p.options[0]?.iuv ?? '' })),
  }
  return { name: 'pagopa', description: DESCRIPTION, app, control }
}
