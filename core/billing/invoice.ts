/**
 * A paid package's FatturaPA, finished whatever happened before: take (or find) its number,
 * build it from the settings (cedente) and the tenant's invoicing data (cessionario) with one line
 * "Pacchetto Onboarding #n" at 22% VAT and the payment as it was made, render and validate it in
 * full, store it with its sha256, then (when the SDI switch is on) send it through the SDI use case,
 * which is idempotent on the number. Every step is safe to repeat: the reconciler calls this again
 * for any paid package that is not finished.
 * @module
 */

import type { BillingAccount } from '../../ports/billing-repo.port.ts'
import type { InvoiceInput, PaymentDetailInput } from '../fatturapa/input.ts'
import { formatRome } from '../rome-time.ts'
import { transmit } from '../sdi/transmit.ts'
import { issueInvoice } from '../use-cases/issue-invoice.ts'
import type { BillingDeps } from './deps.ts'
import type { BillingCustomer, BillingPackage, PackageNumber } from './model.ts'
import { fatturaReady, type ResolvedSettings, sdiEnabled } from './settings.ts'
import { loadSettings } from './settings-store.ts'

const euros = (cents: number) => (cents / 100).toFixed(2)
const val = (s: ResolvedSettings, k: keyof ResolvedSettings) => s[k].value ?? ''

const METHOD: Record<NonNullable<BillingPackage['paidVia']>, string> = { card: 'MP08', sepa_debit: 'MP20', bonifico: 'MP05' }

/** The invoice facts of a paid package. */
export function packageInvoiceInput(
  settings: ResolvedSettings,
  customer: BillingCustomer,
  pkg: BillingPackage,
  numero: string,
  date: string,
): InvoiceInput {
  const toPa = customer.codiceDestinatario?.length === 6
  const detail: PaymentDetailInput = {
    modalita: METHOD[pkg.paidVia ?? 'card'],
    ...(pkg.paidAt ? { dataRiferimento: formatRome(pkg.paidAt).slice(0, 10) } : {}),
    ...(pkg.paidVia === 'bonifico'
      ? {
          iban: val(settings, 'bonifico_iban') || val(settings, 'cedente_iban'),
          ...(settings.bonifico_bic.value ? { bic: settings.bonifico_bic.value } : {}),
        }
      : {}),
  }
  return {
    formato: toPa ? 'FPA12' : 'FPR12',
    tipoDocumento: 'TD01',
    numero,
    data: date,
    causale: `Pacchetto Onboarding #${pkg.number}`,
    cedente: {
      denominazione: val(settings, 'cedente_nome'),
      partitaIva: val(settings, 'cedente_piva'),
      regimeFiscale: val(settings, 'cedente_regime'),
      sede: {
        indirizzo: val(settings, 'cedente_indirizzo'),
        cap: val(settings, 'cedente_cap'),
        comune: val(settings, 'cedente_comune'),
        ...(settings.cedente_provincia.value ? { provincia: settings.cedente_provincia.value } : {}),
      },
    },
    cessionario: {
      ...(customer.denominazione
        ? { denominazione: customer.denominazione }
        : { nome: customer.nome ?? '', cognome: customer.cognome ?? '' }),
      ...(customer.partitaIva ? { partitaIva: customer.partitaIva } : {}),
      ...(customer.codiceFiscale ? { codiceFiscale: customer.codiceFiscale } : {}),
      idPaese: customer.nazione,
      sede: {
        indirizzo: customer.indirizzo,
        cap: customer.cap,
        comune: customer.comune,
        nazione: customer.nazione,
        ...(customer.provincia ? { provincia: customer.provincia } : {}),
      },
      ...(customer.codiceDestinatario ? { codiceDestinatario: customer.codiceDestinatario } : {}),
      ...(customer.pec && !toPa ? { pec: customer.pec } : {}),
    },
    righe: [{ descrizione: `Pacchetto Onboarding #${pkg.number}`, quantita: 1, prezzoUnitario: euros(pkg.priceCents), aliquotaIva: 22 }],
    pagamento: { condizioni: 'TP02', dettagli: [detail] },
  }
}

export type FinishOutcome = 'done' | 'issued' | 'sent' | 'not_paid' | 'waiting' | 'failed'

/** Brings a paid package's invoice (and its SDI transmission) as far as it can go now. */
export async function finishInvoice(
  deps: BillingDeps,
  account: BillingAccount,
  n: PackageNumber,
  /** Settings a caller has loaded already (the reconciler, once per run). */
  loadedSettings?: ResolvedSettings,
): Promise<FinishOutcome> {
  const tenantId = account.subscription.tenantId
  let pkg = account.packages.find((p) => p.number === n)
  if (pkg?.status !== 'paid') return 'not_paid'
  const loaded = loadedSettings ? { ok: true as const, value: loadedSettings } : await loadSettings(deps)
  if (!loaded.ok) return 'failed'
  const settings = loaded.value
  const now = deps.clock()
  let outcome: FinishOutcome = 'done'
  if (pkg.invoiceState !== 'issued') {
    if (!fatturaReady(settings) || account.customer === null) {
      await deps.repo.invoiceFailed(
        tenantId,
        n,
        fatturaReady(settings)
          ? 'the tenant has no invoicing data (PUT /billing/customer)'
          : 'the cedente settings are incomplete (PUT /billing/settings)',
        now,
      )
      return 'waiting'
    }
    const today = formatRome(now).slice(0, 10)
    const numero = await deps.repo.assignInvoiceNumber(tenantId, n, Number(today.slice(0, 4)))
    if (numero === null) return 'not_paid'
    const issued = await issueInvoice(packageInvoiceInput(settings, account.customer, pkg, numero, today), { today }, deps.invoices)
    if (!issued.ok) {
      const why = issued.issues
        .filter((i) => i.severity === 'error')
        .map((i) => `${i.code} ${i.xpath}: ${i.message.en}`)
        .join('; ')
      await deps.repo.invoiceFailed(tenantId, n, why.slice(0, 1000), now)
      deps.logger.error('billing invoice refused by validation', { tenant_id: tenantId, package: n, numero, issues: why.slice(0, 500) })
      return 'failed'
    }
    deps.faultPoint?.('invoice.after-number-reserved')
    await deps.repo.storeInvoice(tenantId, n, {
      xml: issued.xml,
      hash: await deps.sha256Hex(issued.xml),
      fileName: issued.fileName,
      at: now,
    })
    outcome = 'issued'
    const again = await deps.repo.get(tenantId)
    pkg = again?.packages.find((p) => p.number === n) ?? pkg
  }
  if (sdiEnabled(settings) && pkg.sdiId === null && pkg.fatturaXml !== null && pkg.fatturaNumero !== null) {
    deps.faultPoint?.('invoice.before-sdi-send')
    const sent = await transmit(deps.sdi, { tenantId, fatturaNumero: pkg.fatturaNumero, xml: new TextEncoder().encode(pkg.fatturaXml) })
    if (!sent.ok) {
      deps.logger.warn('billing invoice not sent to SDI yet', { tenant_id: tenantId, package: n, code: sent.error.code })
      return outcome === 'issued' ? 'issued' : 'failed'
    }
    await deps.repo.setSdi(tenantId, n, sent.value.transmission.id, now)
    return 'sent'
  }
  return outcome
}
