/**
 * Identifier layer (c): check digits of the Italian identifiers in the header, the offline part of
 * SdI's registry checks 00300–00306 (SdI also checks that the number exists at the Anagrafe
 * tributaria, which cannot be done offline). Only identifiers with IdPaese = IT are checked as
 * Italian; CodiceFiscale elements are Italian by definition.
 * Codes: `ID-PIVA` (a partita IVA: 11 digits with its check digit) and `ID-CF` (a codice fiscale:
 * 16 characters with its check character, omocodia included, or the 11-digit numeric one of an
 * entity). Check digits: core/tax-id.ts.
 * @module
 */

import { isValidNumericTaxId, isValidPersonCodiceFiscale } from '../../tax-id.ts'
import type { ValidationIssue } from '../issue.ts'
import type { XmlElement } from '../xml-tree.ts'
import { at, issue } from './tree.ts'

type Target = {
  /** Path from the header. */
  readonly path: readonly string[]
  /** The SdI code of the registry check this approximates. */
  readonly sdi: string
  /** FatturaPA id and Italian/English name, for the message. */
  readonly label: string
  readonly it: string
  readonly en: string
}

const VAT_IDS: readonly Target[] = [
  { path: ['DatiTrasmissione', 'IdTrasmittente'], sdi: '00300', label: '1.1.1.2', it: 'del trasmittente', en: 'of the transmitter' },
  {
    path: ['CedentePrestatore', 'DatiAnagrafici', 'IdFiscaleIVA'],
    sdi: '00301',
    label: '1.2.1.1.2',
    it: 'del cedente/prestatore',
    en: 'of the cedente/prestatore',
  },
  {
    path: ['RappresentanteFiscale', 'DatiAnagrafici', 'IdFiscaleIVA'],
    sdi: '00303',
    label: '1.3.1.1.2',
    it: 'del rappresentante fiscale',
    en: 'of the fiscal representative',
  },
  {
    path: ['CessionarioCommittente', 'RappresentanteFiscale', 'IdFiscaleIVA'],
    sdi: '00303',
    label: '1.4.4.1.2',
    it: 'del rappresentante fiscale del cessionario',
    en: "of the cessionario's fiscal representative",
  },
  {
    path: ['CessionarioCommittente', 'DatiAnagrafici', 'IdFiscaleIVA'],
    sdi: '00305',
    label: '1.4.1.1.2',
    it: 'del cessionario/committente',
    en: 'of the cessionario/committente',
  },
]

const CODICI_FISCALI: readonly Target[] = [
  {
    path: ['CedentePrestatore', 'DatiAnagrafici', 'CodiceFiscale'],
    sdi: '00302',
    label: '1.2.1.2',
    it: 'del cedente/prestatore',
    en: 'of the cedente/prestatore',
  },
  {
    path: ['RappresentanteFiscale', 'DatiAnagrafici', 'CodiceFiscale'],
    sdi: '00304',
    label: '1.3.1.2',
    it: 'del rappresentante fiscale',
    en: 'of the fiscal representative',
  },
  {
    path: ['CessionarioCommittente', 'DatiAnagrafici', 'CodiceFiscale'],
    sdi: '00306',
    label: '1.4.1.2',
    it: 'del cessionario/committente',
    en: 'of the cessionario/committente',
  },
]

const isCodiceFiscale = (v: string): boolean => isValidNumericTaxId(v) || isValidPersonCodiceFiscale(v)

export function checkIdentifiers(root: XmlElement): ValidationIssue[] {
  const header = at(root, 'FatturaElettronicaHeader')
  const out: ValidationIssue[] = []
  for (const t of VAT_IDS) {
    const id = at(header, ...t.path)
    const paese = at(id, 'IdPaese')?.text.trim().toUpperCase()
    const codiceEl = at(id, 'IdCodice')
    const codice = codiceEl?.text.trim()
    if (paese !== 'IT' || codiceEl === undefined || codice === undefined || codice === '') continue
    // The transmitter may be identified by a person's codice fiscale (IdTrasmittente is IdFiscaleType).
    const ok = t.sdi === '00300' ? isCodiceFiscale(codice) : isValidNumericTaxId(codice)
    if (ok) continue
    const what = /^[0-9]{11}$/.test(codice) ? 'cifra di controllo errata' : 'formato non valido (11 cifre)'
    const whatEn = /^[0-9]{11}$/.test(codice) ? 'wrong check digit' : 'invalid format (11 digits)'
    out.push(
      issue('identifier', 'ID-PIVA', codiceEl.xpath, {
        it: `${t.label} <IdCodice> ${t.it} non valido: partita IVA ${codice}, ${what} (SdI ${t.sdi})`,
        en: `${t.label} <IdCodice> ${t.en} is not valid: partita IVA ${codice}, ${whatEn} (SdI ${t.sdi})`,
      }),
    )
  }
  for (const t of CODICI_FISCALI) {
    const el = at(header, ...t.path)
    const cf = el?.text.trim()
    if (el === undefined || cf === undefined || cf === '' || isCodiceFiscale(cf)) continue
    out.push(
      issue('identifier', 'ID-CF', el.xpath, {
        it: `${t.label} <CodiceFiscale> ${t.it} non valido: ${cf} (carattere o cifra di controllo errati, o formato non valido) (SdI ${t.sdi})`,
        en: `${t.label} <CodiceFiscale> ${t.en} is not valid: ${cf} (wrong check character or digit, or invalid format) (SdI ${t.sdi})`,
      }),
    )
  }
  return out
}
