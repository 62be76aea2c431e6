/**
 * Field checks for `buildInvoice`: each validates one input value, records a {@link ValidationIssue}
 * with a stable code, an XPath and an Italian + English message, and returns the canonical value.
 * @module
 */

import { isValidNumericTaxId, isValidPersonCodiceFiscale } from '../../tax-id.ts'
import { ONLY_1_2_3 } from '../codes.ts'
import { cmp, type Dec, fitsScale, parseDec, ZERO } from '../decimal.ts'
import type { AddressInput, DecimalInput, NameInput } from '../input.ts'
import type { ValidationIssue } from '../issue.ts'
import type { Anagrafica, Indirizzo } from '../model.ts'

export const H = '/FatturaElettronica/FatturaElettronicaHeader'
export const DT = `${H}/DatiTrasmissione`
export const CP = `${H}/CedentePrestatore`
export const CC = `${H}/CessionarioCommittente`
export const B = '/FatturaElettronica/FatturaElettronicaBody[1]'
export const DGD = `${B}/DatiGenerali/DatiGeneraliDocumento`
export const MAX_AMOUNT = parseDec('99999999999.99') as Dec

export type Msg = { it: string; en: string }

export class Issues {
  readonly list: ValidationIssue[] = []
  error(layer: ValidationIssue['layer'], code: string, xpath: string, message: Msg): void {
    this.list.push({ layer, code, xpath, message, severity: 'error' })
  }
  warn(code: string, xpath: string, message: Msg): void {
    this.list.push({ layer: 'sdi', code, xpath, message, severity: 'warning' })
  }
  get hasErrors(): boolean {
    return this.list.some((i) => i.severity === 'error')
  }
}

/** Refuses a code that exists only in schema 1.2.3 (TD29, RF20) unless the caller asked for 1.2.3. */
export function onlyInSchema123(is: Issues, code: string, v123: boolean, path: string): void {
  if (!ONLY_1_2_3.has(code) || v123) return
  is.error('xsd', 'INPUT-SCHEMA-1.2.3', path, {
    it: `${code} esiste solo nello schema 1.2.3: richiedere schemaVersion 1.2.3`,
    en: `${code} exists only in schema 1.2.3: ask for schemaVersion 1.2.3`,
  })
}

export function contacts(is: Issues, c: { telefono?: string; email?: string } | undefined, path: string): void {
  if (c?.telefono !== undefined && !/^[\x20-\x7e]{5,12}$/.test(c.telefono))
    bad(is, `${path}/Telefono`, 'Telefono', '5-12 caratteri ASCII', '5–12 ASCII characters')
  if (
    c?.email !== undefined &&
    !(/^[\x21-\x7e]+@[\x21-\x7e]+\.[\x21-\x7e]+$/.test(c.email) && c.email.length >= 7 && c.email.length <= 256)
  ) {
    bad(is, `${path}/Email`, 'Email', 'un indirizzo email valido', 'a valid email address')
  }
}

export function taxIdIva(is: Issues, idPaese: string, value: string, path: string, required_: boolean): string | undefined {
  const v = (value ?? '').trim().toUpperCase()
  if (!/^[A-Z]{2}$/.test(idPaese)) {
    bad(is, `${path}/IdPaese`, 'IdPaese', 'un codice paese ISO di 2 lettere', 'a 2-letter ISO country code')
    return undefined
  }
  if (v === '') {
    if (required_) required(is, `${path}/IdCodice`, 'IdCodice')
    return undefined
  }
  if (idPaese === 'IT') {
    if (!isValidNumericTaxId(v)) {
      is.error('identifier', 'ID-PIVA', `${path}/IdCodice`, {
        it: /^\d{11}$/.test(v) ? `Partita IVA ${v}: cifra di controllo errata` : `Partita IVA ${v}: servono 11 cifre`,
        en: /^\d{11}$/.test(v) ? `Partita IVA ${v}: wrong check digit` : `Partita IVA ${v}: 11 digits are required`,
      })
      return undefined
    }
  } else if (!/^[A-Z0-9]{1,28}$/.test(v)) {
    bad(is, `${path}/IdCodice`, 'IdCodice', '1-28 caratteri alfanumerici', '1–28 alphanumeric characters')
    return undefined
  }
  return v
}

export function codiceFiscale(is: Issues, value: string, path: string): string | undefined {
  const v = value.trim().toUpperCase()
  const ok = /^\d{11}$/.test(v) ? isValidNumericTaxId(v) : isValidPersonCodiceFiscale(v)
  if (!ok) {
    is.error('identifier', 'ID-CF', path, {
      it: `Codice fiscale ${v} non valido (formato o carattere di controllo)`,
      en: `Codice fiscale ${v} is not valid (format or check character)`,
    })
    return undefined
  }
  return v
}

export function anagrafica(is: Issues, n: NameInput, path: string): Anagrafica {
  const den = n.denominazione?.trim()
  const nome = n.nome?.trim()
  const cognome = n.cognome?.trim()
  if (den ? nome || cognome : !(nome && cognome)) {
    is.error('xsd', 'INPUT-ANAGRAFICA', path, {
      it: 'Indicare Denominazione oppure Nome e Cognome (non entrambi)',
      en: 'Give Denominazione, or Nome and Cognome (not both)',
    })
  }
  if (n.titolo !== undefined && !/^[\x20-\x7e]{2,10}$/.test(n.titolo))
    bad(is, `${path}/Titolo`, 'Titolo', '2-10 caratteri ASCII', '2–10 ASCII characters')
  return den ? compact({ denominazione: den, titolo: n.titolo }) : compact({ nome, cognome, titolo: n.titolo })
}

export function address(is: Issues, a: AddressInput | undefined, path: string): Indirizzo {
  if (!a) {
    required(is, path, 'Sede')
    return { indirizzo: '', cap: '', comune: '', nazione: '' }
  }
  if (!a.indirizzo?.trim()) required(is, `${path}/Indirizzo`, 'Indirizzo')
  if (!a.comune?.trim()) required(is, `${path}/Comune`, 'Comune')
  if (!/^\d{5}$/.test(a.cap ?? '')) bad(is, `${path}/CAP`, 'CAP', '5 cifre (00000 per l’estero)', '5 digits (00000 abroad)')
  const nazione = a.nazione ?? 'IT'
  if (!/^[A-Z]{2}$/.test(nazione)) bad(is, `${path}/Nazione`, 'Nazione', 'un codice paese ISO di 2 lettere', 'a 2-letter ISO country code')
  if (a.provincia !== undefined && !/^[A-Z]{2}$/.test(a.provincia))
    bad(is, `${path}/Provincia`, 'Provincia', 'una sigla di 2 lettere maiuscole', 'a 2-letter upper-case code')
  if (a.numeroCivico !== undefined && !/^[\x20-\x7e]{1,8}$/.test(a.numeroCivico))
    bad(is, `${path}/NumeroCivico`, 'NumeroCivico', '1-8 caratteri ASCII', '1–8 ASCII characters')
  return compact({
    indirizzo: a.indirizzo ?? '',
    numeroCivico: a.numeroCivico,
    cap: a.cap,
    comune: a.comune ?? '',
    provincia: a.provincia,
    nazione,
  })
}

export function oneOf<T extends string>(is: Issues, value: string, allowed: readonly T[], path: string, name: string): T | undefined {
  if ((allowed as readonly string[]).includes(value)) return value as T
  const list = allowed.length > 8 ? `${allowed[0]}…${allowed[allowed.length - 1]}` : allowed.join(', ')
  bad(is, path, name, `uno tra ${list}`, `one of ${list}`)
  return undefined
}

/** A decimal with at most `scale` decimals and at most 11 integer digits. */
export function amount(is: Issues, value: DecimalInput, path: string, name: string, scale: number): Dec | undefined {
  const d = parseDec(value)
  if (!d || !fitsScale(d, scale)) {
    bad(is, path, name, `un numero con al massimo ${scale} decimali`, `a number with at most ${scale} decimals`, 'INPUT-DECIMAL')
    return undefined
  }
  if (cmp(abs(d), MAX_AMOUNT) > 0 && name !== 'Quantita') {
    bad(is, path, name, 'al massimo 11 cifre intere', 'at most 11 integer digits', 'INPUT-DECIMAL')
    return undefined
  }
  return d
}

/** A percentage 0–100 with at most 2 decimals. */
export function rate(is: Issues, value: DecimalInput, path: string, name: string): Dec | undefined {
  const d = parseDec(value)
  if (!d || !fitsScale(d, 2) || cmp(d, ZERO) < 0 || cmp(d, { units: 100n, scale: 0 }) > 0) {
    bad(
      is,
      path,
      name,
      'una percentuale tra 0 e 100 con al massimo 2 decimali (22 per il 22%)',
      'a percentage 0–100 with at most 2 decimals (22 for 22%)',
      'INPUT-DECIMAL',
    )
    return undefined
  }
  return d
}

export function date(is: Issues, value: string, path: string, name: string, isRequired: boolean): string | undefined {
  if (!value) {
    if (isRequired) required(is, path, name)
    return undefined
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  const ok = m !== null && Number(m[1]) >= 1970 && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))
  if (!ok) {
    bad(is, path, name, 'una data AAAA-MM-GG dal 1970', 'a YYYY-MM-DD date from 1970', 'INPUT-DATE')
    return undefined
  }
  return value
}

function isRealDate(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false
  return d <= daysInMonth(y, mo)
}

function daysInMonth(y: number, mo: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] as number
}

function nextMonth(iso: string): [number, number] {
  const y = Number(iso.slice(0, 4))
  const mo = Number(iso.slice(5, 7))
  return mo === 12 ? [y + 1, 1] : [y, mo + 1]
}

export function dayOfNextMonth(iso: string, day: number): string {
  const [y, mo] = nextMonth(iso)
  return `${y}-${String(mo).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

export function endOfNextMonth(iso: string): string {
  const [y, mo] = nextMonth(iso)
  return dayOfNextMonth(iso, daysInMonth(y, mo))
}

export function abs(d: Dec): Dec {
  return d.units < 0n ? { units: -d.units, scale: d.scale } : d
}

export function required(is: Issues, path: string, name: string): void {
  is.error('xsd', 'INPUT-REQUIRED', path, { it: `${name} obbligatorio`, en: `${name} is required` })
}

export function bad(is: Issues, path: string, name: string, it: string, en: string, code = 'INPUT-FORMAT'): void {
  is.error('xsd', code, path, { it: `${name}: atteso ${it}`, en: `${name}: expected ${en}` })
}

/** Drops undefined properties (exactOptionalPropertyTypes). */
export function compact<T extends object>(o: { [K in keyof T]: T[K] | undefined }): T {
  const out: Record<string, unknown> = {}
  for (const k in o) {
    const v = o[k]
    if (v !== undefined) out[k] = v
  }
  return out as T
}
