/** DatiDDT: delivery notes, not dated after the invoice; required by deferred invoices (TD24, TD25), with their deadlines. @module */

import { TD_DEFERRED } from '../codes.ts'
import type { InvoiceInput } from '../input.ts'
import type { DatiDdt } from '../model.ts'
import { B, compact, DGD, date, dayOfNextMonth, endOfNextMonth, type Issues, required } from './checks.ts'
import { lineRefs } from './references.ts'

export function buildDdt(is: Issues, input: InvoiceInput, data: string | undefined, nLines: number): DatiDdt[] {
  const ddt = (input.ddt ?? []).map((d, i) => {
    const p = `${B}/DatiGenerali/DatiDDT[${i + 1}]`
    if (!d.numero?.trim()) required(is, `${p}/NumeroDDT`, 'NumeroDDT')
    const dataDdt = date(is, d.data, `${p}/DataDDT`, 'DataDDT', true)
    if (dataDdt !== undefined && data !== undefined && dataDdt > data) {
      is.error('xsd', 'DOC-DDT-DATE', `${p}/DataDDT`, {
        it: 'Il DDT è successivo alla data della fattura',
        en: 'The DDT is dated after the invoice',
      })
    }
    lineRefs(is, d.righe, `${p}/RiferimentoNumeroLinea`, nLines)
    return compact<DatiDdt>({ numeroDdt: d.numero ?? '', dataDdt: d.data, riferimentoNumeroLinea: d.righe?.length ? d.righe : undefined })
  })
  if (TD_DEFERRED.has(input.tipoDocumento)) {
    if (ddt.length === 0) {
      is.error('xsd', 'DOC-DDT', `${B}/DatiGenerali/DatiDDT`, {
        it: `${input.tipoDocumento} (fattura differita) deve indicare i DDT in DatiDDT`,
        en: `${input.tipoDocumento} (deferred invoice) must reference its delivery notes in DatiDDT`,
      })
    } else if (data !== undefined) {
      // TD24: issued by the 15th of the month after delivery; TD25: by the end of that month.
      const first = ddt.map((d) => d.dataDdt).sort()[0] as string
      const limit = input.tipoDocumento === 'TD24' ? dayOfNextMonth(first, 15) : endOfNextMonth(first)
      if (data > limit) {
        is.warn('DOC-DDT-LATE', `${DGD}/Data`, {
          it: `Fattura differita oltre il termine (${limit}) rispetto al DDT del ${first}`,
          en: `Deferred invoice after the deadline (${limit}) for the delivery note of ${first}`,
        })
      }
    }
  }
  return ddt
}
