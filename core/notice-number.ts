/**
 * pagoPA notice numbers (numero avviso, NAV; pagopa.md A2): 18 digits, an aux digit, and for aux 0,
 * 2 and 3 two check digits that are the mod-93 remainder of the first 16. Pure; building notices
 * (IUV generation per aux digit) is the pagoPA adapter's job.
 * @module
 */

/**
 * The remainder of the decimal number modulo 93, as two digits (00–92). BigInt because a 16-digit
 * prefix exceeds 2^53.
 * @example mod93('3010000000000001') // '44'
 */
export function mod93(decimal: string): string {
  if (!/^\d+$/.test(decimal)) throw new RangeError('mod93 needs decimal digits')
  return (BigInt(decimal) % 93n).toString().padStart(2, '0')
}

/** 18 digits, a known aux digit and (for aux 0, 2, 3) a matching mod-93 check. Aux 1 has no check digit. */
export function isValidNoticeNumber(nav: string): boolean {
  if (!/^\d{18}$/.test(nav)) return false
  switch (nav[0]) {
    case '0':
    case '2':
    case '3':
      return mod93(nav.slice(0, 16)) === nav.slice(16)
    case '1':
      return true
    default:
      return false
  }
}
