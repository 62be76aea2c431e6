/** Natura next to AliquotaIVA, on a line or a cassa: a known code, not a generic one, present exactly when the rate is zero. @module */

import { NATURE_CODES, NATURE_GENERIC } from '../codes.ts'
import { cmp, type Dec, ZERO } from '../decimal.ts'
import { bad, type Issues } from './checks.ts'

/** `codes`: the SDI codes for "missing with a zero rate" and "present with a rate" (00400/00401 on lines, 00413/00414 on casse). */
export function natureFor(
  is: Issues,
  natura: string | undefined,
  aliquota: Dec | undefined,
  p: string,
  tipo: string,
  codes: [string, string],
): string | undefined {
  if (natura !== undefined && !(NATURE_CODES as readonly string[]).includes(natura)) {
    bad(is, `${p}/Natura`, 'Natura', 'un codice N1…N7 (es. N2.2, N3.1, N6.9)', 'a code N1…N7 (e.g. N2.2, N3.1, N6.9)')
    return undefined
  }
  if (natura !== undefined && NATURE_GENERIC.has(natura)) {
    is.error('sdi', '00445', `${p}/Natura`, {
      it: `Natura generica ${natura} non più ammessa: usare un sottocodice (es. ${natura}.1)`,
      en: `Generic natura ${natura} is no longer accepted: use a sub-code (e.g. ${natura}.1)`,
    })
  }
  if (aliquota === undefined) return natura
  const zero = cmp(aliquota, ZERO) === 0
  if (zero && natura === undefined) {
    is.error('sdi', codes[0], `${p}/Natura`, {
      it: 'Natura obbligatoria con AliquotaIVA pari a zero',
      en: 'Natura is required when AliquotaIVA is zero',
    })
  }
  // TD16 may keep the Natura next to a rate on its lines (00401) and in the summary (00430), not on the cassa (00414).
  if (!zero && natura !== undefined && !(tipo === 'TD16' && codes[1] === '00401')) {
    is.error('sdi', codes[1], `${p}/Natura`, {
      it: 'Natura non ammessa con AliquotaIVA diversa da zero',
      en: 'Natura is not allowed when AliquotaIVA is not zero',
    })
  }
  return natura
}
