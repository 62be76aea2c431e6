/**
 * CedentePrestatore: its identity (IdFiscaleIVA, CodiceFiscale, RegimeFiscale, Anagrafica, Sede), its
 * registrations (contacts, REA, albo professionale), and the model block built from them.
 * @module
 */

import { REGIMI, type RegimeFiscale } from '../codes.ts'
import { fmt2, ZERO } from '../decimal.ts'
import type { CedenteInput } from '../input.ts'
import type { Anagrafica, CedentePrestatore, Indirizzo } from '../model.ts'
import {
  address,
  amount,
  anagrafica,
  bad,
  CP,
  codiceFiscale,
  compact,
  contacts,
  date,
  type Issues,
  oneOf,
  onlyInSchema123,
  required,
  taxIdIva,
} from './checks.ts'

export type CedenteFacts = {
  idPaese: string
  partitaIva: string | undefined
  codiceFiscale: string | undefined
  regime: RegimeFiscale | undefined
  anagrafica: Anagrafica
  sede: Indirizzo
}

export function checkCedente(is: Issues, ced: CedenteInput, v123: boolean): CedenteFacts {
  const idPaese = ced.idPaese ?? 'IT'
  const partitaIva = taxIdIva(is, idPaese, ced.partitaIva, `${CP}/DatiAnagrafici/IdFiscaleIVA`, true)
  const cf = ced.codiceFiscale ? codiceFiscale(is, ced.codiceFiscale, `${CP}/DatiAnagrafici/CodiceFiscale`) : undefined
  const regime = oneOf(is, ced.regimeFiscale, REGIMI, `${CP}/DatiAnagrafici/RegimeFiscale`, 'RegimeFiscale')
  onlyInSchema123(is, ced.regimeFiscale, v123, `${CP}/DatiAnagrafici/RegimeFiscale`)
  const ana = anagrafica(is, ced, `${CP}/DatiAnagrafici/Anagrafica`)
  const sede = address(is, ced.sede, `${CP}/Sede`)
  return { idPaese, partitaIva, codiceFiscale: cf, regime, anagrafica: ana, sede }
}

/** Contatti (with Fax, which only the cedente has), IscrizioneREA and the albo professionale. */
export function checkCedenteRegistrations(is: Issues, ced: CedenteInput): void {
  contacts(is, ced.contatti, `${CP}/Contatti`)
  if (ced.contatti?.fax !== undefined && !/^[\x20-\x7e]{5,12}$/.test(ced.contatti.fax))
    bad(is, `${CP}/Contatti/Fax`, 'Fax', '5-12 caratteri ASCII', '5–12 ASCII characters')
  if (ced.rea) {
    const p = `${CP}/IscrizioneREA`
    if (!/^[A-Z]{2}$/.test(ced.rea.ufficio))
      bad(is, `${p}/Ufficio`, 'Ufficio', 'una sigla di provincia di 2 lettere', 'a 2-letter province code')
    if (!ced.rea.numeroRea?.trim()) required(is, `${p}/NumeroREA`, 'NumeroREA')
    if (ced.rea.socioUnico !== undefined && ced.rea.socioUnico !== 'SU' && ced.rea.socioUnico !== 'SM')
      bad(is, `${p}/SocioUnico`, 'SocioUnico', 'SU o SM', 'SU or SM')
    if (ced.rea.statoLiquidazione !== 'LS' && ced.rea.statoLiquidazione !== 'LN')
      bad(is, `${p}/StatoLiquidazione`, 'StatoLiquidazione', 'LS o LN', 'LS or LN')
  }
  if (ced.albo) {
    const p = `${CP}/DatiAnagrafici`
    if (!ced.albo.alboProfessionale?.trim()) required(is, `${p}/AlboProfessionale`, 'AlboProfessionale')
    if (ced.albo.provinciaAlbo !== undefined && !/^[A-Z]{2}$/.test(ced.albo.provinciaAlbo))
      bad(is, `${p}/ProvinciaAlbo`, 'ProvinciaAlbo', 'una sigla di 2 lettere', 'a 2-letter code')
    if (ced.albo.dataIscrizioneAlbo !== undefined)
      date(is, ced.albo.dataIscrizioneAlbo, `${p}/DataIscrizioneAlbo`, 'DataIscrizioneAlbo', false)
  }
}

/** The model block; reads CapitaleSociale, the one cedente amount, on the way. */
export function cedentePrestatore(
  is: Issues,
  ced: CedenteInput,
  facts: CedenteFacts & { partitaIva: string; regime: RegimeFiscale },
): CedentePrestatore {
  return compact({
    datiAnagrafici: compact({
      idFiscaleIva: { idPaese: facts.idPaese, idCodice: facts.partitaIva },
      codiceFiscale: facts.codiceFiscale,
      anagrafica: facts.anagrafica,
      alboProfessionale: ced.albo?.alboProfessionale,
      provinciaAlbo: ced.albo?.provinciaAlbo,
      numeroIscrizioneAlbo: ced.albo?.numeroIscrizioneAlbo,
      dataIscrizioneAlbo: ced.albo?.dataIscrizioneAlbo,
      regimeFiscale: facts.regime,
    }),
    sede: facts.sede,
    iscrizioneRea: ced.rea
      ? compact({
          ufficio: ced.rea.ufficio,
          numeroRea: ced.rea.numeroRea,
          capitaleSociale:
            ced.rea.capitaleSociale !== undefined
              ? fmt2(amount(is, ced.rea.capitaleSociale, `${CP}/IscrizioneREA/CapitaleSociale`, 'CapitaleSociale', 2) ?? ZERO)
              : undefined,
          socioUnico: ced.rea.socioUnico,
          statoLiquidazione: ced.rea.statoLiquidazione,
        })
      : undefined,
    contatti: ced.contatti ? compact({ ...ced.contatti }) : undefined,
    riferimentoAmministrazione: ced.riferimentoAmministrazione,
  })
}
