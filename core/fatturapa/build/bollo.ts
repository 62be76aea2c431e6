/** DatiBollo: the €2.00 bollo virtuale, by default when the amounts outside VAT exceed €77.47. @module */

import { NATURE_BOLLO } from '../codes.ts'
import { cmp, type Dec, parseDec, sum } from '../decimal.ts'
import type { InvoiceInput } from '../input.ts'
import type { DatiBollo } from '../model.ts'
import type { SummaryRow } from '../totals.ts'

const BOLLO_THRESHOLD = parseDec('77.47') as Dec
const BOLLO_AMOUNT = '2.00'

export function datiBollo(choice: InvoiceInput['bollo'], rows: readonly SummaryRow[]): DatiBollo | undefined {
  const exempt = sum(rows.filter((r) => r.natura !== undefined && NATURE_BOLLO.has(r.natura)).map((r) => r.imponibile))
  const due = choice === undefined || choice === 'auto' ? cmp(exempt, BOLLO_THRESHOLD) > 0 : choice
  return due ? { bolloVirtuale: 'SI', importoBollo: BOLLO_AMOUNT } : undefined
}
