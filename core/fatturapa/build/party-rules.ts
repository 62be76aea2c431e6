/** What the document type says about the two parties (00471–00476; 00474, on the lines, is in lines.ts). @module */

import { TD_DISTINCT_PARTIES, TD_FOREIGN_CEDENTE, TD_NEED_CESSIONARIO_IVA, TD_SAME_PARTY } from '../codes.ts'
import type { InvoiceInput } from '../input.ts'
import { sameSubject } from '../rules/parties.ts'
import { CC, CP, type Issues } from './checks.ts'

export function checkPartyRules(is: Issues, input: InvoiceInput, cedIdPaese: string, cessIdPaese: string): void {
  const { tipoDocumento: tipo, cedente: ced, cessionario: cess } = input
  const cessPath = `${CC}/DatiAnagrafici`
  const cedKey = `${cedIdPaese}${ced.partitaIva}`
  const cessKey = cess.partitaIva ? `${cessIdPaese}${cess.partitaIva}` : undefined
  // The same notion of "the same subject" as the SDI rules (rules/parties.ts): a VAT group's members
  // share an IdFiscaleIVA but not a CodiceFiscale; without the cessionario's IdFiscaleIVA, codici fiscali decide.
  const same = sameSubject(
    { idFiscale: true, idPaese: cedIdPaese, idCodice: ced.partitaIva, codiceFiscale: ced.codiceFiscale },
    { idFiscale: cessKey, idPaese: cessIdPaese, idCodice: cess.partitaIva, codiceFiscale: cess.codiceFiscale },
  )
  if (TD_DISTINCT_PARTIES.has(tipo) && same === true) {
    is.error('sdi', '00471', `${cessPath}/IdFiscaleIVA`, {
      it: `Con ${tipo} cedente e cessionario non possono coincidere`,
      en: `With ${tipo} cedente and cessionario cannot be the same`,
    })
  }
  const sameByCf = cess.codiceFiscale !== undefined && (cess.codiceFiscale === ced.codiceFiscale || cess.codiceFiscale === ced.partitaIva)
  if (TD_SAME_PARTY.has(tipo) && cessKey !== cedKey && !sameByCf) {
    is.error('sdi', '00472', `${cessPath}/IdFiscaleIVA`, {
      it: `Con ${tipo} cedente e cessionario devono coincidere`,
      en: `With ${tipo} cedente and cessionario must be the same`,
    })
  }
  if ((TD_FOREIGN_CEDENTE.has(tipo) && cedIdPaese === 'IT') || (tipo === 'TD29' && cedIdPaese !== 'IT')) {
    is.error('sdi', '00473', `${CP}/DatiAnagrafici/IdFiscaleIVA/IdPaese`, {
      it: `IdPaese del cedente non ammesso per ${tipo}`,
      en: `The cedente's IdPaese is not allowed for ${tipo}`,
    })
  }
  if (TD_NEED_CESSIONARIO_IVA.has(tipo) && !cess.partitaIva) {
    is.error('sdi', '00475', `${cessPath}/IdFiscaleIVA`, {
      it: `Con ${tipo} è obbligatorio l'IdFiscaleIVA del cessionario`,
      en: `With ${tipo} the cessionario's IdFiscaleIVA is required`,
    })
  }
  if (cedIdPaese !== 'IT' && cessIdPaese !== 'IT' && cess.partitaIva) {
    is.error('sdi', '00476', `${cessPath}/IdFiscaleIVA/IdPaese`, {
      it: 'Cedente e cessionario non possono essere entrambi esteri',
      en: 'Cedente and cessionario cannot both be foreign',
    })
  }
}
