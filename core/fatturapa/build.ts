/**
 * `buildInvoice`: checks an {@link InvoiceInput}, computes every amount (totals.ts) and returns the
 * complete {@link Invoice} with its warnings, or every problem found. Problems carry stable codes:
 * SDI's own (`00400`, `00422`, … layer `sdi`) where SDI would discard the file for the same reason,
 * `ID-PIVA` / `ID-CF` (layer `identifier`) for a wrong check digit or character, and `INPUT-*`,
 * `DOC-*`, `TEXT-*` (layer `xsd`) for what the schema or the document type requires.
 *
 * Each section has its builder in build/: the header's parties and transmission, the document,
 * lines, casse, ritenute, summary, total, bollo, references, DDT and payment. They run in the order
 * below, which is also the order of the problems reported.
 * @module
 */

import { datiBollo } from './build/bollo.ts'
import { buildCasse } from './build/casse.ts'
import { cedentePrestatore, checkCedente, checkCedenteRegistrations } from './build/cedente.ts'
import { cessionarioCommittente, checkCessionario } from './build/cessionario.ts'
import { compact, contacts, DT, Issues } from './build/checks.ts'
import { buildDdt } from './build/ddt.ts'
import { checkDocument, datiGeneraliDocumento } from './build/document.ts'
import { buildLines } from './build/lines.ts'
import { checkPartyRules } from './build/party-rules.ts'
import { buildPagamento } from './build/payment.ts'
import { buildReferences } from './build/references.ts'
import { buildRiepilogo } from './build/riepilogo.ts'
import { buildRitenute } from './build/ritenute.ts'
import { buildTotale } from './build/totale.ts'
import { codiceDestinatario, datiTrasmissione, transmitter } from './build/transmission.ts'
import type { BuildOptions, InvoiceInput } from './input.ts'
import type { ValidationIssue } from './issue.ts'
import type { Body, Invoice } from './model.ts'
import { sanitizeInvoice } from './sanitize.ts'

export type { BuildOptions, InvoiceInput } from './input.ts'

export type BuildResult = { ok: true; invoice: Invoice; warnings: ValidationIssue[] } | { ok: false; issues: ValidationIssue[] }

/**
 * @example
 * const r = buildInvoice({ formato: 'FPR12', tipoDocumento: 'TD01', numero: 'FT-1', data: '2026-03-01', cedente, cessionario,
 *   righe: [{ descrizione: 'Pacchetto', prezzoUnitario: 150, aliquotaIva: 22 }] })
 * if (r.ok) r.invoice.bodies[0]?.datiBeniServizi.datiRiepilogo[0]?.imposta // '33.00'
 */
export function buildInvoice(input: InvoiceInput, options: BuildOptions = {}): BuildResult {
  const is = new Issues()
  const v123 = options.schemaVersion === '1.2.3'

  const doc = checkDocument(is, input, v123)
  const cedente = checkCedente(is, input.cedente, v123)
  const cessionario = checkCessionario(is, input.cessionario)
  const destinatario = codiceDestinatario(is, doc.formato, input.cessionario, cessionario.idPaese)
  checkPartyRules(is, input, cedente.idPaese, cessionario.idPaese)

  const lines = buildLines(is, input)
  const casse = buildCasse(is, input, lines.totals)
  const ritenute = buildRitenute(is, input, [...lines.ritenutaBase, ...casse.ritenutaBase])
  const summary = buildRiepilogo(is, input, [...lines.summary, ...casse.summary])
  const { sconti, totale } = buildTotale(is, input, summary.rows)
  const bollo = datiBollo(input.bollo, summary.rows)
  const refs = buildReferences(is, input, doc.data, lines.lines.length)
  const ddt = buildDdt(is, input, doc.data, lines.lines.length)
  const pagamento = buildPagamento(is, input, { totale, ritenute, rows: summary.rows, esigibilita: summary.esigibilita })

  contacts(is, input.contattiTrasmittente, `${DT}/ContattiTrasmittente`)
  checkCedenteRegistrations(is, input.cedente)
  const idTrasmittente = transmitter(is, input, cedente.idPaese, cessionario.idPaese)

  const { formato, tipo, data } = doc
  const { partitaIva, regime } = cedente
  if (is.hasErrors || !formato || !tipo || !regime || !partitaIva || !data) return { ok: false, issues: is.list }

  const body: Body = compact({
    datiGenerali: compact({
      datiGeneraliDocumento: datiGeneraliDocumento(input, { ...doc, tipo, data }, { ritenute, bollo, casse: casse.casse, sconti, totale }),
      datiOrdineAcquisto: refs.ordini.length ? refs.ordini : undefined,
      datiContratto: refs.contratti.length ? refs.contratti : undefined,
      datiConvenzione: refs.convenzioni.length ? refs.convenzioni : undefined,
      datiFattureCollegate: refs.fattureCollegate.length ? refs.fattureCollegate : undefined,
      datiDdt: ddt.length ? ddt : undefined,
    }),
    datiBeniServizi: { dettaglioLinee: lines.lines, datiRiepilogo: summary.riepilogo },
    datiPagamento: pagamento ? [pagamento] : undefined,
  })
  const invoice: Invoice = {
    versione: formato,
    header: compact({
      datiTrasmissione: datiTrasmissione(input, formato, idTrasmittente, destinatario),
      cedentePrestatore: cedentePrestatore(is, input.cedente, { ...cedente, partitaIva, regime }),
      cessionarioCommittente: cessionarioCommittente(cessionario),
    }),
    bodies: [body],
  }

  const s = sanitizeInvoice(invoice)
  const issues = [...is.list, ...s.warnings, ...s.errors]
  if (s.errors.length > 0 || is.hasErrors) return { ok: false, issues }
  return { ok: true, invoice: s.invoice, warnings: issues }
}
