/**
 * The header parties the rules compare (cedente/prestatore 1.2, cessionario/committente 1.4), read
 * once from the tree.
 * @module
 */

import type { XmlElement } from '../xml-tree.ts'
import { at, textAt } from './tree.ts'

export type Party = {
  readonly el: XmlElement | undefined
  /** DatiAnagrafici/IdFiscaleIVA element, when present. */
  readonly idFiscale: XmlElement | undefined
  readonly idPaese: string | undefined
  readonly idCodice: string | undefined
  readonly codiceFiscale: string | undefined
}

function party(header: XmlElement | undefined, name: string): Party {
  const el = at(header, name)
  const idFiscale = at(el, 'DatiAnagrafici', 'IdFiscaleIVA')
  return {
    el,
    idFiscale,
    idPaese: textAt(idFiscale, 'IdPaese'),
    idCodice: textAt(idFiscale, 'IdCodice'),
    codiceFiscale: textAt(el, 'DatiAnagrafici', 'CodiceFiscale'),
  }
}

export type Header = {
  readonly el: XmlElement | undefined
  readonly cedente: Party
  readonly cessionario: Party
}

export function readHeader(root: XmlElement): Header {
  const el = at(root, 'FatturaElettronicaHeader')
  return { el, cedente: party(el, 'CedentePrestatore'), cessionario: party(el, 'CessionarioCommittente') }
}

/** What {@link sameSubject} compares: a party's IdFiscaleIVA (present or not) and CodiceFiscale. */
export type PartyIds = Pick<Party, 'idPaese' | 'idCodice' | 'codiceFiscale'> & { readonly idFiscale: unknown }

const sameVatId = (a: PartyIds, b: PartyIds): boolean =>
  a.idPaese?.toUpperCase() === b.idPaese?.toUpperCase() && a.idCodice?.toUpperCase() === b.idCodice?.toUpperCase()

/**
 * Whether cedente and cessionario are the same subject (00471, 00472), or undefined when the document
 * does not say. Same: equal IdFiscaleIVA, unless both carry different CodiceFiscale values, as the
 * members of one VAT group do (a group IdFiscaleIVA with each member's CodiceFiscale; letsrevel/euinvoice
 * reads Allegato A the same way). Without the cessionario's IdFiscaleIVA, equal CodiceFiscale values
 * mean the same subject (FatturaElettronica.NET #388) and different ones mean different subjects.
 */
export function sameSubject(cedente: PartyIds, cessionario: PartyIds): boolean | undefined {
  const cf1 = cedente.codiceFiscale?.toUpperCase()
  const cf2 = cessionario.codiceFiscale?.toUpperCase()
  if (cedente.idFiscale !== undefined && cessionario.idFiscale !== undefined) {
    if (!sameVatId(cedente, cessionario)) return false
    return cf1 !== undefined && cf2 !== undefined && cf1 !== cf2 ? undefined : true
  }
  if (cf1 !== undefined && cf2 !== undefined) return cf1 === cf2
  return undefined
}
