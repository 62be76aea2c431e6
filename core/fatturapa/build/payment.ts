/** DatiPagamento: the payment terms, with a single detail's amount defaulting to what is due. @module */

import { isValidIban } from '../../iban.ts'
import { CONDIZIONI_PAGAMENTO, MODALITA_PAGAMENTO } from '../codes.ts'
import { type Dec, fmt2, parseDec, sub, sum, ZERO } from '../decimal.ts'
import type { InvoiceInput } from '../input.ts'
import type { DatiPagamento, DatiRitenuta } from '../model.ts'
import type { SummaryRow } from '../totals.ts'
import { amount, B, bad, compact, date, type Issues, oneOf, required } from './checks.ts'

/** What is due: the total, less the withholdings, less the VAT under split payment (esigibilità S). */
export type Due = { totale: Dec; ritenute: readonly DatiRitenuta[]; rows: readonly SummaryRow[]; esigibilita: string }

export function buildPagamento(is: Issues, input: InvoiceInput, due: Due): DatiPagamento | undefined {
  const ritenutaTot = sum(due.ritenute.map((r) => parseDec(r.importoRitenuta) as Dec))
  const vatTot = sum(due.rows.map((r) => r.imposta))
  const dovuto = sub(sub(due.totale, ritenutaTot), due.esigibilita === 'S' ? vatTot : ZERO)
  const pagamento = input.pagamento ? datiPagamento(is, input.pagamento, dovuto) : undefined
  if (input.tipoDocumento === 'TD02' && input.pagamento && input.pagamento.condizioni !== 'TP03') {
    is.warn('DOC-TD02-TP03', `${B}/DatiPagamento/CondizioniPagamento`, {
      it: 'Una fattura di acconto (TD02) di norma ha CondizioniPagamento TP03 (anticipo)',
      en: 'An advance invoice (TD02) normally has CondizioniPagamento TP03 (advance)',
    })
  }
  return pagamento
}

function datiPagamento(is: Issues, input: NonNullable<InvoiceInput['pagamento']>, dovuto: Dec): DatiPagamento | undefined {
  const p = `${B}/DatiPagamento`
  const condizioni = oneOf(is, input.condizioni, CONDIZIONI_PAGAMENTO, `${p}/CondizioniPagamento`, 'CondizioniPagamento')
  if (input.dettagli.length === 0) required(is, `${p}/DettaglioPagamento`, 'DettaglioPagamento')
  const dettagli = input.dettagli.map((d, i) => {
    const dp = `${p}/DettaglioPagamento[${i + 1}]`
    const modalita = oneOf(is, d.modalita, MODALITA_PAGAMENTO, `${dp}/ModalitaPagamento`, 'ModalitaPagamento')
    let importo: Dec | undefined
    if (d.importo !== undefined) importo = amount(is, d.importo, `${dp}/ImportoPagamento`, 'ImportoPagamento', 2)
    else if (input.dettagli.length === 1) importo = dovuto
    else required(is, `${dp}/ImportoPagamento`, 'ImportoPagamento')
    const iban = d.iban?.replace(/\s/g, '').toUpperCase()
    if (iban !== undefined && !isValidIban(iban)) {
      is.error('identifier', 'ID-IBAN', `${dp}/IBAN`, {
        it: 'IBAN non valido (formato o cifre di controllo)',
        en: 'Invalid IBAN (format or check digits)',
      })
    }
    if (d.abi !== undefined && !/^\d{5}$/.test(d.abi)) bad(is, `${dp}/ABI`, 'ABI', '5 cifre', '5 digits')
    if (d.cab !== undefined && !/^\d{5}$/.test(d.cab)) bad(is, `${dp}/CAB`, 'CAB', '5 cifre', '5 digits')
    if (d.bic !== undefined && !/^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/.test(d.bic))
      bad(is, `${dp}/BIC`, 'BIC', 'un BIC valido', 'a valid BIC')
    if (d.giorni !== undefined && !(Number.isInteger(d.giorni) && d.giorni >= 0 && d.giorni <= 999)) {
      bad(is, `${dp}/GiorniTerminiPagamento`, 'GiorniTerminiPagamento', 'un intero 0-999', 'an integer 0–999')
    }
    return compact({
      beneficiario: d.beneficiario,
      modalitaPagamento: modalita ?? '',
      dataRiferimentoTerminiPagamento: d.dataRiferimento
        ? date(is, d.dataRiferimento, `${dp}/DataRiferimentoTerminiPagamento`, 'DataRiferimentoTerminiPagamento', false)
        : undefined,
      giorniTerminiPagamento: d.giorni,
      dataScadenzaPagamento: d.scadenza ? date(is, d.scadenza, `${dp}/DataScadenzaPagamento`, 'DataScadenzaPagamento', false) : undefined,
      importoPagamento: fmt2(importo ?? ZERO),
      istitutoFinanziario: d.istitutoFinanziario,
      iban,
      abi: d.abi,
      cab: d.cab,
      bic: d.bic,
      codicePagamento: d.codicePagamento,
    })
  })
  return condizioni ? { condizioniPagamento: condizioni, dettaglioPagamento: dettagli } : undefined
}
