/**
 * How printed documents write amounts, dates, people and free text: Italian conventions
 * (`1.234,50 €`, `23/12/2026`, Europe/Rome time), and plain ASCII for the Poste data matrix.
 * Cents become euros only here (for print), per the money rule of STYLE.md.
 * @module
 */

import type { Cents } from '../../core/money.ts'
import type { PartyData } from '../../core/payment.ts'
import { formatRome } from '../../core/rome-time.ts'

/**
 * Cents → Italian euro amount: `.` groups thousands, `,` before the cents, a plain space and `€`.
 * @example formatEuro(cents(123456)) // '1.234,56 €'
 */
export function formatEuro(amount: Cents): string {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`not an amount of cents: ${amount}`)
  const s = String(amount).padStart(3, '0')
  const whole = s.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, '.')
  return `${whole},${s.slice(-2)} €`
}

/** @example formatDate(new Date('2026-12-23T22:59:59Z')) // '23/12/2026' (Rome time) */
export function formatDate(at: Date): string {
  const iso = formatRome(at)
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`
}

/** @example formatDateTime(new Date('2026-11-23T10:05:00Z')) // '23/11/2026 11:05' (Rome time) */
export function formatDateTime(at: Date): string {
  return `${formatDate(at)} ${formatRome(at).slice(11, 16)}`
}

/** A person's or organisation's display name: given name, then family name when there is one. */
export function fullName(party: PartyData): string {
  return [party.name, party.family_name ?? '']
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .join(' ')
}

/** Address lines of a party (street + number, postal code + town + province), empty when unknown. */
export function addressLines(party: PartyData): string[] {
  const street = [party.street_name, party.building_number].filter(Boolean).join(', ')
  const province = party.country_subdivision ? `(${party.country_subdivision})` : ''
  const town = [party.postal_code, party.town_name, province].filter(Boolean).join(' ')
  return [street, town].filter((s) => s.length > 0)
}

/** Latin letters and punctuation that Unicode does not decompose, with their usual plain spelling. */
const PLAIN: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Ø: 'O',
  ø: 'o',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ß: 'ss',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '–': '-',
  '—': '-',
  '…': '...',
}

/**
 * One character in plainer Latin: accents dropped (`è` → `e`), a few letters spelled out
 * (`ł` → `l`, `ß` → `ss`), typographic quotes and dashes made plain. Other characters stay.
 */
export function plainLatin(ch: string): string {
  return PLAIN[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '')
}

/**
 * Printable ASCII, for the Poste data matrix: {@link plainLatin} per character, then anything else
 * non-ASCII becomes a space.
 * @example toAscii('Niccolò Dell’Àcqua') // "Niccolo Dell'Acqua"
 */
export function toAscii(text: string): string {
  return Array.from(text.normalize('NFC'), plainLatin)
    .join('')
    .replace(/[^\x20-\x7e]/g, ' ')
}
