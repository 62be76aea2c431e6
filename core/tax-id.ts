/**
 * Italian tax identifiers: the 16-character codice fiscale of a person (with omocodia) and the
 * 11-digit numeric one of an ente or company, which is also the partita IVA layout.
 * Sources: DM 23/12/1976 (codice fiscale check character), DPR 633/1972 art. 35 (partita IVA check digit).
 * @module
 */

const ODD: Record<string, number> = {
  '0': 1,
  '1': 0,
  '2': 5,
  '3': 7,
  '4': 9,
  '5': 13,
  '6': 15,
  '7': 17,
  '8': 19,
  '9': 21,
  A: 1,
  B: 0,
  C: 5,
  D: 7,
  E: 9,
  F: 13,
  G: 15,
  H: 17,
  I: 19,
  J: 21,
  K: 2,
  L: 4,
  M: 18,
  N: 20,
  O: 11,
  P: 3,
  Q: 6,
  R: 8,
  S: 12,
  T: 14,
  U: 16,
  V: 10,
  W: 22,
  X: 25,
  Y: 24,
  Z: 23,
}

function evenValue(ch: string): number {
  const code = ch.charCodeAt(0)
  return code <= 57 ? code - 48 : code - 65
}

/** Personal codice fiscale: 6 letters, 2 digits, month letter, 2 digits, letter, 3 digits, check (digits may be omocodia letters). */
const PERSON_CF = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/

/** True for a well-formed 16-character codice fiscale whose check character matches. */
export function isValidPersonCodiceFiscale(value: string): boolean {
  const cf = value.toUpperCase()
  if (!PERSON_CF.test(cf)) return false
  let sum = 0
  for (let i = 0; i < 15; i++) {
    const ch = cf[i] as string
    sum += i % 2 === 0 ? (ODD[ch] as number) : evenValue(ch)
  }
  return String.fromCharCode(65 + (sum % 26)) === cf[15]
}

/** True for an 11-digit numeric codice fiscale / partita IVA with a valid check digit. */
export function isValidNumericTaxId(value: string): boolean {
  if (!/^[0-9]{11}$/.test(value)) return false
  let sum = 0
  for (let i = 0; i < 10; i++) {
    let d = value.charCodeAt(i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return (10 - (sum % 10)) % 10 === value.charCodeAt(10) - 48
}

/**
 * Either form of Italian tax identifier.
 * @example isValidTaxId('00341620508') // true: a comune's codice fiscale
 */
export function isValidTaxId(value: string): boolean {
  return isValidNumericTaxId(value) || isValidPersonCodiceFiscale(value)
}
