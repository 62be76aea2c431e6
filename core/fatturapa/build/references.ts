/** References to other documents (orders, contracts, conventions, linked invoices) and to line numbers. @module */

import { TD_NEED_LINKED_INVOICE } from '../codes.ts'
import type { DocRefInput, InvoiceInput } from '../input.ts'
import type { DatiDocumentiCorrelati } from '../model.ts'
import { B, bad, compact, date, type Issues, required } from './checks.ts'

export type ReferencesPart = {
  fattureCollegate: DatiDocumentiCorrelati[]
  ordini: DatiDocumentiCorrelati[]
  contratti: DatiDocumentiCorrelati[]
  convenzioni: DatiDocumentiCorrelati[]
}

/** DatiOrdineAcquisto, DatiContratto, DatiConvenzione and DatiFattureCollegate (required by TD04/TD05, not dated after this document: 00418). */
export function buildReferences(is: Issues, input: InvoiceInput, data: string | undefined, nLines: number): ReferencesPart {
  const linkedPath = `${B}/DatiGenerali/DatiFattureCollegate`
  const fattureCollegate = docRefs(is, input.fattureCollegate, linkedPath, nLines)
  const ordini = docRefs(is, input.ordiniAcquisto, `${B}/DatiGenerali/DatiOrdineAcquisto`, nLines)
  const contratti = docRefs(is, input.contratti, `${B}/DatiGenerali/DatiContratto`, nLines)
  const convenzioni = docRefs(is, input.convenzioni, `${B}/DatiGenerali/DatiConvenzione`, nLines)
  if (TD_NEED_LINKED_INVOICE.has(input.tipoDocumento) && fattureCollegate.length === 0) {
    is.error('xsd', 'DOC-LINKED-INVOICE', linkedPath, {
      it: `${input.tipoDocumento} deve indicare la fattura rettificata in DatiFattureCollegate`,
      en: `${input.tipoDocumento} must reference the invoice it corrects in DatiFattureCollegate`,
    })
  }
  for (const [i, f] of fattureCollegate.entries()) {
    if (f.data !== undefined && data !== undefined && f.data > data) {
      is.error('sdi', '00418', `${linkedPath}[${i + 1}]/Data`, {
        it: 'Data della fattura successiva alla data della fattura collegata',
        en: 'The linked invoice is dated after this document',
      })
    }
  }
  return { fattureCollegate, ordini, contratti, convenzioni }
}

export function docRefs(is: Issues, refs: readonly DocRefInput[] | undefined, path: string, nLines: number): DatiDocumentiCorrelati[] {
  return (refs ?? []).map((r, i) => {
    const p = `${path}[${i + 1}]`
    if (!r.idDocumento?.trim()) required(is, `${p}/IdDocumento`, 'IdDocumento')
    lineRefs(is, r.righe, `${p}/RiferimentoNumeroLinea`, nLines)
    if (r.codiceCig !== undefined && !/^[A-Za-z0-9]{1,15}$/.test(r.codiceCig))
      bad(is, `${p}/CodiceCIG`, 'CodiceCIG', '1-15 caratteri alfanumerici', '1–15 alphanumeric characters')
    if (r.codiceCup !== undefined && !/^[A-Za-z0-9]{1,15}$/.test(r.codiceCup))
      bad(is, `${p}/CodiceCUP`, 'CodiceCUP', '1-15 caratteri alfanumerici', '1–15 alphanumeric characters')
    return compact({
      riferimentoNumeroLinea: r.righe?.length ? r.righe : undefined,
      idDocumento: r.idDocumento ?? '',
      data: r.data ? date(is, r.data, `${p}/Data`, 'Data', false) : undefined,
      numItem: r.numItem,
      codiceCommessaConvenzione: r.codiceCommessaConvenzione,
      codiceCup: r.codiceCup,
      codiceCig: r.codiceCig,
    })
  })
}

export function lineRefs(is: Issues, righe: readonly number[] | undefined, path: string, nLines: number): void {
  for (const n of righe ?? []) {
    if (!Number.isInteger(n) || n < 1 || n > nLines) {
      bad(is, path, 'RiferimentoNumeroLinea', `un numero di linea esistente (1-${nLines})`, `an existing line number (1–${nLines})`)
    }
  }
}
