/**
 * A tenant's billing account: opened on first use (trial of BILLING_TRIAL_DAYS, 8 packages due),
 * its invoicing data, and the `GET /billing/status` view (the seed's shape, plus what a tenant needs
 * to pay: due dates, links, transfer instructions, invoice and SDI state).
 * @module
 */

import type { BillingAccount } from '../../ports/billing-repo.port.ts'
import type { DomainError, FieldIssue } from '../errors.ts'
import { err, ok, type Result } from '../result.ts'
import type { BillingDeps } from './deps.ts'
import {
  type BillingCustomer,
  type BillingPackage,
  DAY_MS,
  daysRemaining,
  dueAt,
  PACKAGE_PRICE_CENTS,
  PACKAGE_VAT_RATE,
  PACKAGES_TOTAL,
  transferCausale,
} from './model.ts'
import { bonificoReady } from './settings.ts'
import { loadSettings } from './settings-store.ts'

/** The gross amount a package costs (price + VAT), in cents: what Checkout charges and the invoice totals. */
export const grossCents = (priceCents: number): number => priceCents + Math.round((priceCents * PACKAGE_VAT_RATE) / 100)

export async function openAccount(deps: BillingDeps, tenantId: string): Promise<Result<BillingAccount, DomainError>> {
  const now = deps.clock()
  const account = await deps.repo.ensure(tenantId, {
    startedAt: now,
    trialEndsAt: new Date(now.getTime() + deps.config.trialDays * DAY_MS),
    priceCents: PACKAGE_PRICE_CENTS,
  })
  return account ? ok(account) : err({ code: 'not_found', resource: 'tenant', id: tenantId })
}

const euros = (cents: number) => (cents / 100).toFixed(2)
const iso = (d: Date | null) => (d ? d.toISOString() : null)

export async function statusView(deps: BillingDeps, tenantId: string) {
  const opened = await openAccount(deps, tenantId)
  if (!opened.ok) return opened
  const { subscription: s, packages, customer } = opened.value
  const now = deps.clock()
  const settings = await loadSettings(deps)
  if (!settings.ok) return settings
  const transfers = bonificoReady(settings.value)
  const sdiStates = new Map<string, string>()
  for (const p of packages) {
    if (p.sdiId) {
      const t = await deps.sdi.store.get(tenantId, p.sdiId)
      if (t) sdiStates.set(p.sdiId, t.state)
    }
  }
  const view = (p: BillingPackage) => ({
    id: p.number,
    number: p.number,
    status: p.status,
    price: euros(p.priceCents),
    price_cents: p.priceCents,
    vat_rate: PACKAGE_VAT_RATE,
    total_cents: grossCents(p.priceCents),
    due_at: dueAt(s, p.number).toISOString(),
    overdue: p.status !== 'paid' && dueAt(s, p.number).getTime() <= now.getTime(),
    paid_at: iso(p.paidAt),
    paid_via: p.paidVia,
    invoice_state: p.invoiceState,
    fattura_numero: p.fatturaNumero,
    fattura_at: iso(p.fatturaAt),
    fattura_file_name: p.fatturaFileName,
    fattura_hash: p.fatturaHash,
    sdi: p.sdiId ? { sdi_id: p.sdiId, stato: sdiStates.get(p.sdiId) ?? null } : null,
    links: {
      checkout: p.status === 'paid' ? null : `/billing/checkout/${p.number}`,
      fattura: p.invoiceState === 'issued' ? `/billing/fattura/${p.number}` : null,
      fattura_pdf: p.invoiceState === 'issued' ? `/billing/fattura/${p.number}?format=pdf` : null,
    },
    bonifico:
      transfers && p.status !== 'paid'
        ? {
            iban: settings.value.bonifico_iban.value,
            bic: settings.value.bonifico_bic.value,
            beneficiario: settings.value.bonifico_beneficiario.value,
            importo: euros(grossCents(p.priceCents)),
            causale: transferCausale(tenantId, p.number),
          }
        : null,
  })
  return ok({
    subscription: {
      id: s.id,
      status: s.status,
      started_at: s.startedAt.toISOString(),
      trial_ends_at: s.trialEndsAt.toISOString(),
      packages_completed: packages.filter((p) => p.status === 'paid').length,
      packages_total: PACKAGES_TOTAL,
    },
    packages: packages.map(view),
    days_remaining: daysRemaining(s, packages, now),
    customer: customer ? customerView(customer) : null,
  })
}

export const customerView = (c: BillingCustomer) => ({
  denominazione: c.denominazione,
  nome: c.nome,
  cognome: c.cognome,
  piva: c.partitaIva,
  codice_fiscale: c.codiceFiscale,
  indirizzo: c.indirizzo,
  cap: c.cap,
  comune: c.comune,
  provincia: c.provincia,
  nazione: c.nazione,
  codice_destinatario: c.codiceDestinatario,
  pec: c.pec,
  email: c.email,
})

/** Semantic checks of invoicing data (the shape is the route's schema). */
export function checkCustomer(c: BillingCustomer): FieldIssue[] {
  const issues: FieldIssue[] = []
  if (!c.denominazione && !(c.nome && c.cognome))
    issues.push({ path: 'denominazione', message: 'denominazione, or nome and cognome, is required' })
  if (!c.partitaIva && !c.codiceFiscale) issues.push({ path: 'piva', message: 'piva or codice_fiscale is required' })
  if (c.nazione === 'IT' && !/^\d{5}$/.test(c.cap)) issues.push({ path: 'cap', message: 'must be 5 digits' })
  if (c.provincia !== null && !/^[A-Z]{2}$/.test(c.provincia)) issues.push({ path: 'provincia', message: 'must be 2 capital letters' })
  if (c.codiceDestinatario !== null && !/^[A-Z0-9]{6,7}$/.test(c.codiceDestinatario))
    issues.push({ path: 'codice_destinatario', message: 'must be 6 (PA office) or 7 (SDI code) characters' })
  if (c.codiceDestinatario === null && c.pec === null) issues.push({ path: 'pec', message: 'pec or codice_destinatario is required' })
  return issues
}

export async function setCustomer(deps: BillingDeps, tenantId: string, c: BillingCustomer): Promise<Result<BillingCustomer, DomainError>> {
  const issues = checkCustomer(c)
  if (issues.length > 0) return err({ code: 'validation', issues })
  const opened = await openAccount(deps, tenantId)
  if (!opened.ok) return opened
  await deps.repo.setCustomer(tenantId, c, deps.clock())
  return ok(c)
}
