/** CessionarioCommittente: its identity (00417: an IdFiscaleIVA or a CodiceFiscale), and the model block. @module */

import type { CessionarioInput } from '../input.ts'
import type { Anagrafica, CessionarioCommittente, Indirizzo } from '../model.ts'
import { address, anagrafica, CC, codiceFiscale, compact, type Issues, taxIdIva } from './checks.ts'

export type CessionarioFacts = {
  idPaese: string
  partitaIva: string | undefined
  codiceFiscale: string | undefined
  anagrafica: Anagrafica
  sede: Indirizzo
}

export function checkCessionario(is: Issues, cess: CessionarioInput): CessionarioFacts {
  const idPaese = cess.idPaese ?? 'IT'
  const p = `${CC}/DatiAnagrafici`
  const partitaIva = cess.partitaIva ? taxIdIva(is, idPaese, cess.partitaIva, `${p}/IdFiscaleIVA`, false) : undefined
  const cf = cess.codiceFiscale ? codiceFiscale(is, cess.codiceFiscale, `${p}/CodiceFiscale`) : undefined
  if (!cess.partitaIva && !cess.codiceFiscale) {
    is.error('sdi', '00417', p, {
      it: 'Cessionario senza IdFiscaleIVA né CodiceFiscale (almeno uno è obbligatorio)',
      en: 'Cessionario has neither IdFiscaleIVA nor CodiceFiscale (one is required)',
    })
  }
  const ana = anagrafica(is, cess, `${p}/Anagrafica`)
  const sede = address(is, cess.sede, `${CC}/Sede`)
  return { idPaese, partitaIva, codiceFiscale: cf, anagrafica: ana, sede }
}

export function cessionarioCommittente(facts: CessionarioFacts): CessionarioCommittente {
  return {
    datiAnagrafici: compact({
      idFiscaleIva: facts.partitaIva ? { idPaese: facts.idPaese, idCodice: facts.partitaIva } : undefined,
      codiceFiscale: facts.codiceFiscale,
      anagrafica: facts.anagrafica,
    }),
    sede: facts.sede,
  }
}
