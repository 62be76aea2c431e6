/**
 * The Hono app, the same on Node, Deno and Workers. Order: request id, deps, security headers, access
 * log and metrics (one step: ./middleware/entry.ts) → load shedding → readiness → body limit →
 * authentication (default deny) → billing → routes. Errors become HTTP in exactly one place.
 * @module
 */

import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import { jsonLogger } from '../adapters/log/json-logger.ts'
import { SECURITY_SCHEMES } from '../openapi/common.ts'
import { PaymentEventInSchema } from '../openapi/payment-event.ts'
import type { ReportError } from '../ports/error-reporter.port.ts'
import type { AppEnv } from './context.ts'
import { type Deps, depsFor } from './deps/index.ts'
import { DomainFailure } from './failure.ts'
import { errorResponse, type HttpError, toHttpError } from './http-errors.ts'
import { type MetricsRegistry, processMetrics } from './metrics.ts'
import { authentication } from './middleware/auth.ts'
import { billingGate } from './middleware/billing-gate.ts'
import { defaultBodyLimit } from './middleware/body-limit.ts'
import { entry } from './middleware/entry.ts'
import { withRequestId } from './middleware/request-id.ts'
import { overloadShedding } from './middleware/shed.ts'
import { billingRoutes } from './routes/billing.ts'
import { citizenRoutes } from './routes/citizen.ts'
import { type AssetReader, docsRoutes } from './routes/docs.ts'
import { documentRoutes } from './routes/documents.ts'
import { fatturapaRoutes } from './routes/fatturapa.ts'
import { importRoutes } from './routes/imports.ts'
import { paymentV2Routes } from './routes/payment-v2.ts'
import { paymentRoutes } from './routes/payments.ts'
import { rtdRoutes } from './routes/rtd.ts'
import { sdiRoutes } from './routes/sdi.ts'
import { serviceRoutes } from './routes/services.ts'
import { systemRoutes } from './routes/system.ts'
import { tenantRoutes } from './routes/tenants.ts'
import { webhookRoutes } from './routes/webhooks.ts'
import { VERSION } from './version.ts'

export type AppOptions = {
  /** Deps for the bindings of a request; defaults to `depsFor(env)` (memoised per env object). */
  readonly resolveDeps?: (env: Record<string, unknown>) => Deps
  readonly metrics?: MetricsRegistry
  /** Reads files of public/ where there is no Workers ASSETS binding. */
  readonly readAsset?: AssetReader
  /** Unexpected errors (the 500 path) besides the log: Sentry when SENTRY_DSN is set. */
  readonly reportError?: ReportError
}

/** Logger for failures that happen before deps exist (bad configuration). */
const bootLogger = jsonLogger()

export function createApp(options: AppOptions = {}) {
  const metrics = options.metrics ?? processMetrics
  const resolveDeps = options.resolveDeps ?? depsFor
  const app = new OpenAPIHono<AppEnv>()

  app.use(
    entry({
      resolveDeps,
      metrics,
      // Simulators' callbacks to this gateway (the SDI one's) come back in-process: see Sandbox.attachGateway.
      attach: (deps, env) => deps.sandbox?.attachGateway((req) => Promise.resolve(app.fetch(req, env))),
    }),
  )
  app.use(overloadShedding())
  const ready = new WeakSet<Deps>()
  app.use(async (c, next) => {
    const deps = c.get('deps')
    if (ready.has(deps) || c.req.path.startsWith('/sandbox/') || c.req.path === '/health' || c.req.path === '/status') return next()
    try {
      await deps.ready
    } catch {
      throw new DomainFailure({ code: 'unavailable', dependency: 'database' })
    }
    ready.add(deps)
    await next()
  })
  app.use(defaultBodyLimit())
  app.use(authentication())
  app.use(billingGate())

  app.route('/', systemRoutes(metrics, VERSION))
  app.route('/', tenantRoutes())
  app.route('/', serviceRoutes())
  app.route('/', paymentRoutes(metrics))
  app.route('/', importRoutes())
  app.route('/', citizenRoutes())
  // Before webhookRoutes: /webhooks/openapi-sdi is not a /webhooks/{provider}.
  app.route('/', sdiRoutes())
  app.route('/', webhookRoutes())
  app.route('/', paymentV2Routes())
  app.route('/', documentRoutes())
  app.route('/', fatturapaRoutes())
  app.route('/', billingRoutes())
  app.route('/', rtdRoutes())
  app.route('/', docsRoutes(options.readAsset))
  app.get('/', (c) => c.redirect('/docs', 302))

  app.all('/sandbox/*', async (c) => {
    const sandbox = c.get('deps').sandbox
    if (!sandbox) throw new DomainFailure({ code: 'not_found', resource: 'sandbox', id: 'disabled (VARCO_SANDBOX=false)' })
    return withRequestId(c, await sandbox.app.fetch(c.req.raw))
  })

  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKeyAuth', SECURITY_SCHEMES.ApiKeyAuth)
  app.openAPIRegistry.registerComponent('securitySchemes', 'BearerAuth', SECURITY_SCHEMES.BearerAuth)
  app.openAPIRegistry.register('PaymentEvent', PaymentEventInSchema)
  app.doc31('/openapi.json', openApiInfo)

  app.notFound((c) =>
    errorResponse(
      { status: 404, code: 'not_found', title: 'Not found', detail: `no route for ${c.req.method} ${c.req.path}` },
      c.req.path,
      c.get('requestId') ?? '',
    ),
  )

  app.onError((e, c) => {
    const id = c.get('requestId') ?? crypto.randomUUID()
    if (e instanceof DomainFailure) {
      const h = toHttpError(e.error)
      if (h.status === 500)
        (c.get('log') ?? bootLogger.child({ request_id: id })).error('request failed', { code: e.error.code, path: c.req.path })
      return errorResponse(h, c.req.path, id)
    }
    if (e instanceof HTTPException && e.status < 500) {
      const status = (
        e.status === 413 || e.status === 415 || e.status === 401 || e.status === 403 || e.status === 404 ? e.status : 400
      ) as HttpError['status']
      const [code, title] =
        status === 415
          ? ['unsupported_media_type', 'Unsupported media type']
          : status === 413
            ? ['payload_too_large', 'Payload too large']
            : ['bad_request', 'Bad request']
      const res = errorResponse({ status, code, title, detail: e.message || title.toLowerCase() }, c.req.path, id)
      // A body refused for its size is left unread on the connection: say that it closes after this answer, so that a
      // client does not send its next request on it (on Node such a request failed with "other side closed": the walk
      // in test/e2e/walks.ts).
      if (status === 413) res.headers.set('connection', 'close')
      return res
    }
    const log = c.get('log') ?? bootLogger.child({ request_id: id })
    // The database out of reach (adapters/libsql/errors.ts): an outage, not a bug; 503 so that clients retry.
    if (e.name === 'DbUnavailableError') {
      log.error('database unavailable', { error: e.message, path: c.req.path })
      const detail = 'the database is unavailable; retry later'
      return errorResponse({ status: 503, code: 'unavailable', title: 'Service unavailable', detail }, c.req.path, id)
    }
    log.error('unhandled error', { error: e, path: c.req.path })
    metrics.internalErrors.inc({ source: 'http' })
    const misconfigured = e.name === 'ConfigError'
    try {
      if (!misconfigured) options.reportError?.(e, { requestId: id, method: c.req.method, route: c.req.routePath })
    } catch {}
    return errorResponse(
      misconfigured
        ? { status: 503, code: 'misconfigured', title: 'Service unavailable', detail: 'the gateway is not configured; see its logs' }
        : { status: 500, code: 'internal', title: 'Internal error', detail: 'unexpected error; quote the request id' },
      c.req.path,
      id,
    )
  })

  return app
}

export const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'Varco payment gateway',
    version: VERSION,
    description:
      'Opencity standard payment proxy, intermediaries (pagoPA, Stripe, Revolut, OnPay) and the Agile payments v2 and FatturaPA services. ' +
      'Authenticated routes need both `X-API-Key` and `Authorization: Bearer <JWT>` (or a platform key alone on the proxy API). ' +
      'Every route with a request body answers 413 past its limit (VARCO_MAX_BODY_BYTES, default 1 MiB, unless the route states its own); ' +
      'repeated failed authentications from one client or for one key id answer 429 with Retry-After (VARCO_AUTH_FAIL_LIMIT per VARCO_AUTH_FAIL_WINDOW_S). Errors are RFC 7807 problem+json on the proxy API and `{success:false,error,code}` on the Agile API.',
    license: { name: 'MIT', identifier: 'MIT' },
  },
  servers: [{ url: '/', description: 'This gateway' }],
  tags: [
    { name: 'Tenants', description: 'Opencity tenant configuration (API v2).' },
    { name: 'Services', description: 'Opencity payment service configuration (API v2).' },
    { name: 'Payments', description: 'Payment events in (v2.0) and payments out.' },
    { name: 'Citizen', description: 'Public pages the citizen’s browser is sent to.' },
    { name: 'Imports', description: 'CSV import of dovuti (debt positions).' },
    { name: 'Webhooks', description: 'Intermediary webhooks, verified and used as hints.' },
    { name: 'Payments v2 (Agile)', description: 'Agile payments v2: provider configuration, links, SEPA mandates, webhooks.' },
    {
      name: 'FatturaPA (Agile)',
      description:
        'FatturaPA 1.2.2: generation (never an invoice SDI would discard), validation (XSD, SDI checks, identifiers), human-readable views.',
    },
    {
      name: 'SDI (Agile)',
      description:
        'Sending FatturaPA files to the Sistema di Interscambio through OpenAPI.it, idempotently on the invoice number, and following each to its final state (RC, NS, MC, NE, DT, AT).',
    },
    {
      name: 'RTD (Centro Stella)',
      description:
        'Acquirer transaction files (CSTAR) aggregated for the Agenzia delle Entrate, encrypted for pagoPA, uploaded once each, followed through the file report and the AdE errors files (ADEACK).',
    },
    { name: 'Operations', description: 'Liveness, readiness and metrics.' },
  ],
}
