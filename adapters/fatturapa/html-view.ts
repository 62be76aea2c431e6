/**
 * A FatturaPA as a self-contained HTML page for people (what accountants open): parties, document
 * data, lines, VAT summary, totals, payment terms; one section per body of a batch. Every value is
 * HTML-escaped; no scripts, no external resources (safe to serve with a strict CSP).
 * @module
 */

import type { InvoiceView, ViewBody, ViewParty } from '../../core/fatturapa/view-model.ts'

const ESC: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c] ?? c)

function party(title: string, p: ViewParty): string {
  const ids = [p.vat ? `P.IVA ${p.vat}` : null, p.taxCode ? `C.F. ${p.taxCode}` : null].filter((s) => s !== null)
  return `<section class="party"><h2>${esc(title)}</h2><p class="name">${esc(p.name)}</p>${[...ids, ...p.address, ...p.extra]
    .map((l) => `<p>${esc(l)}</p>`)
    .join('')}</section>`
}

function body(b: ViewBody, index: number, count: number): string {
  const head = `<h2>${esc(b.documentLabel)} (${esc(b.documentType)}) n. ${esc(b.number)} del ${esc(b.date)}${
    count > 1 ? ` <small>documento ${index + 1} di ${count}</small>` : ''
  }</h2>`
  const reasons = b.reasons.map((r) => `<p class="reason">${esc(r)}</p>`).join('')
  const lines = `<table class="lines"><thead><tr><th>#</th><th>Descrizione</th><th>Quantità</th><th>Prezzo unitario</th><th>Sconto/magg.</th><th>IVA</th><th>Totale</th></tr></thead><tbody>${b.lines
    .map(
      (l) =>
        `<tr><td>${esc(l.number)}</td><td>${esc(l.description)}</td><td class="n">${esc(
          l.quantity ? `${l.quantity}${l.unit ? ` ${l.unit}` : ''}` : '',
        )}</td><td class="n">${esc(l.unitPrice)}</td><td class="n">${esc(l.discount ?? '')}</td><td>${esc(l.rate)}</td><td class="n">${esc(l.total)}</td></tr>`,
    )
    .join('')}</tbody></table>`
  const summary = `<table class="summary"><thead><tr><th>Aliquota / natura</th><th>Imponibile</th><th>Imposta</th><th>Esigibilità</th><th>Riferimento normativo</th></tr></thead><tbody>${b.summary
    .map(
      (s) =>
        `<tr><td>${esc(s.rate)}</td><td class="n">${esc(s.taxable)}</td><td class="n">${esc(s.tax)}</td><td>${esc(s.chargeability ?? '')}</td><td>${esc(s.reference ?? '')}</td></tr>`,
    )
    .join('')}</tbody></table>`
  const total = b.total ? `<p class="total">Totale documento: <strong>${esc(b.total)} ${esc(b.currency)}</strong></p>` : ''
  const notes = b.notes.length > 0 ? `<ul class="notes">${b.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''
  const payments =
    b.payments.length > 0
      ? `<h3>Pagamento</h3><table class="payments"><thead><tr><th>Condizioni</th><th>Modalità</th><th>Importo</th><th>Scadenza</th><th>IBAN</th></tr></thead><tbody>${b.payments
          .map(
            (p) =>
              `<tr><td>${esc(p.terms)}</td><td>${esc(p.method)}</td><td class="n">${esc(p.amount)}</td><td>${esc(p.due ?? '')}</td><td>${esc(p.iban ?? '')}</td></tr>`,
          )
          .join('')}</tbody></table>`
      : ''
  return `<section class="body">${head}${reasons}${lines}<h3>Riepilogo IVA</h3>${summary}${total}${notes}${payments}</section>`
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#111}
header{display:flex;justify-content:space-between;border-bottom:1px solid #ccc;margin-bottom:1rem}
.parties{display:grid;grid-template-columns:1fr 1fr;gap:2rem}.party p{margin:.1rem 0}.name{font-weight:600}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ddd;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}.n{text-align:right;white-space:nowrap}.total{text-align:right;font-size:1.1rem}
small{color:#555;font-weight:400}`

/** The page, in Italian (the language of the document). */
export function renderInvoiceHtml(view: InvoiceView): string {
  const first = view.bodies[0]
  const title = first ? `${first.documentLabel} ${first.number} – ${view.supplier.name}` : view.supplier.name
  const recipient = view.recipientPec ? `PEC ${view.recipientPec}` : `Codice destinatario ${view.recipientCode}`
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(
    title,
  )}</title><style>${STYLE}</style></head><body><header><h1>${esc(title)}</h1><p>${esc(view.format)} · progressivo ${esc(
    view.progressivo,
  )} · ${esc(recipient)}</p></header><div class="parties">${party('Cedente / prestatore', view.supplier)}${party(
    'Cessionario / committente',
    view.customer,
  )}</div>${view.bodies.map((b, i) => body(b, i, view.bodies.length)).join('')}</body></html>`
}
