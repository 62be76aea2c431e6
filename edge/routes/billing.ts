/**
 * Handlers of Agile billing (`/billing`): one use-case call each. `/billing/*` is never 402 (a
 * blocked tenant must be able to pay). Settings and transfers belong to the billing operator: an
 * admin of the operator tenant (`npx varco billing operator`, or BILLING_OPERATOR_TENANT_ID).
 * @module
 */

import { OpenAPIHono, type z } from '@hono/zod-openapi'
import { constantTimeEqual } from '../../adapters/crypto/constant-time.ts'
import { renderInvoicePdf } from '../../adapters/fatturapa/invoice-pdf.ts'
import { customerView, setCustomer, statusView } from '../../core/billing/account.ts'
import { checkCompliance } from '../../core/billing/compliance.ts'
import { type BillingCustomer, isPackageNumber, type PackageNumber } from '../../core/billing/model.ts'
import { markPaidByTransfer, startCheckout } from '../../core/billing/pay.ts'
import { settingsView } from '../../core/billing/settings.ts'
import { billingOperator, loadSettings, putSettings } from '../../core/billing/settings-store.ts'
import { receiveBillingWebhook } from '../../core/billing/webhook.ts'
import { inspectFatturaXml } from '../../core/fatturapa/validate.ts'
import { invoiceView } from '../../core/fatturapa/view-model.ts'
import type { Principal } from '../../core/principal.ts'
import {
  billingWebhookRoute,
  type CustomerSchema,
  checkoutRoute,
  complianceRoute,
  fatturaRoute,
  getSettingsRoute,
  putCustomerRoute,
  putSettingsRoute,
  statusRoute,
  transferRoute,
} from '../../openapi/billing.ts'
import type { AppEnv } from '../context.ts'
import { DomainFailure, unwrap } from '../failure.ts'
import { requireRole } from '../middleware/auth.ts'
import { validationHook } from '../validation.ts'
import { webhookInput } from '../webhook-input.ts'

const packageNumber = (n: number, path: string): PackageNumber => {
  if (!isPackageNumber(n))
    throw new DomainFailure({ code: 'validation', issues: [{ path, message: 'must be a package number from 1 to 8' }] })
  return n
}

async function requireOperator(c: Parameters<typeof requireRole>[0]): Promise<Principal> {
  const principal = requireRole(c, 'admin')
  const deps = c.get('deps')
  const operator = await billingOperator(deps.billing, deps.config.BILLING_OPERATOR_TENANT_ID)
  if (operator === null || operator !== principal.tenantId) {
    throw new DomainFailure({ code: 'auth.insufficient_role', required: 'admin', actual: principal.role })
  }
  return principal
}

const toCustomer = (b: z.infer<typeof CustomerSchema>): BillingCustomer => ({
  denominazione: b.denominazione,
  nome: b.nome,
  cognome: b.cognome,
  partitaIva: b.piva,
  codiceFiscale: b.codice_fiscale ? b.codice_fiscale.toUpperCase() : null,
  indirizzo: b.indirizzo,
  cap: b.cap,
  comune: b.comune,
  provincia: b.provincia,
  nazione: b.nazione,
  codiceDestinatario: b.codice_destinatario,
  pec: b.pec,
  email: b.email,
})

export function billingRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.openapi(statusRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    return c.json({ success: true as const, data: unwrap(await statusView(c.get('deps').billing, principal.tenantId)) }, 200)
  })

  app.openapi(putCustomerRoute, async (c) => {
    const principal = requireRole(c, 'admin')
    const stored = unwrap(await setCustomer(c.get('deps').billing, principal.tenantId, toCustomer(c.req.valid('json'))))
    return c.json({ success: true as const, data: customerView(stored) }, 200)
  })

  app.openapi(checkoutRoute, async (c) => {
    const principal = requireRole(c, 'operator')
    const n = packageNumber(c.req.valid('param').n, 'n')
    return c.json({ success: true as const, data: unwrap(await startCheckout(c.get('deps').billing, principal.tenantId, n)) }, 200)
  })

  app.openapi(billingWebhookRoute, async (c) => {
    const r = unwrap(await receiveBillingWebhook(c.get('deps').billing, await webhookInput(c)))
    const p = r.subject
    return c.json({ received: true as const, outcome: r.outcome, package: p?.number ?? null, status: p?.status ?? null }, 200)
  })

  app.openapi(fatturaRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const n = packageNumber(c.req.valid('param').packageId, 'packageId')
    const deps = c.get('deps')
    const pkg = (await deps.billing.repo.get(principal.tenantId))?.packages.find((p) => p.number === n)
    if (!pkg?.fatturaXml || !pkg.fatturaFileName) throw new DomainFailure({ code: 'not_found', resource: 'billing invoice', id: String(n) })
    if (c.req.valid('query').format === 'pdf') {
      const read = await inspectFatturaXml(pkg.fatturaXml, { xsd: await deps.fatturapa.xsd() }, {})
      const view = read.root ? invoiceView(read.root) : null
      if (view === null) throw new DomainFailure({ code: 'unprocessable', detail: 'the stored invoice cannot be read' })
      const pdf = await renderInvoicePdf(view)
      return c.body(pdf as unknown as ArrayBuffer, 200, {
        'content-type': 'application/pdf',
        'content-disposition': `attachment; filename="${pkg.fatturaFileName.replace(/\.xml$/, '.pdf')}"`,
      })
    }
    return c.body(pkg.fatturaXml, 200, {
      'content-type': 'application/xml; charset=utf-8',
      'content-disposition': `attachment; filename="${pkg.fatturaFileName}"`,
    })
  })

  app.openapi(getSettingsRoute, async (c) => {
    await requireOperator(c)
    return c.json({ success: true as const, data: settingsView(unwrap(await loadSettings(c.get('deps').billing))) }, 200)
  })

  app.openapi(putSettingsRoute, async (c) => {
    await requireOperator(c)
    return c.json(
      { success: true as const, data: settingsView(unwrap(await putSettings(c.get('deps').billing, c.req.valid('json')))) },
      200,
    )
  })

  app.openapi(transferRoute, async (c) => {
    const principal = await requireOperator(c)
    const n = packageNumber(c.req.valid('param').n, 'n')
    const body = c.req.valid('json')
    const outcome = unwrap(
      await markPaidByTransfer(c.get('deps').billing, body.tenant_id ?? principal.tenantId, n, {
        riferimento: body.riferimento,
        paidAt: body.paid_at ? new Date(body.paid_at) : null,
      }),
    )
    return c.json({ success: true as const, data: { outcome, package: n } }, 200)
  })

  app.openapi(complianceRoute, async (c) => {
    const deps = c.get('deps')
    const expected = deps.config.CRON_SECRET
    const given = c.req.header('x-cron-secret') ?? ''
    if (!expected || !constantTimeEqual(given, expected)) throw new DomainFailure({ code: 'auth.invalid_api_key' })
    return c.json({ success: true as const, data: await checkCompliance(deps.billing, deps.clock()) }, 200)
  })

  return app
}
