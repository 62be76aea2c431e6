/**
 * DatiTrasmissione: where SDI delivers the file (CodiceDestinatario, PECDestinatario) and who sends it
 * (IdTrasmittente), and the model block.
 * @module
 */

import type { FormatoTrasmissione } from '../codes.ts'
import { isValidTransmitterId } from '../file-name.ts'
import type { CessionarioInput, InvoiceInput } from '../input.ts'
import type { DatiTrasmissione, IdFiscale } from '../model.ts'
import { bad, compact, DT, type Issues } from './checks.ts'

/** Document types the cessionario issues about its own purchases (integrazioni, autofatture, TD29). */
const ISSUED_BY_CESSIONARIO: ReadonlySet<string> = new Set(['TD16', 'TD17', 'TD18', 'TD19', 'TD20', 'TD22', 'TD23', 'TD28', 'TD29'])

/** CodiceDestinatario (FPR12 defaults to 0000000) and the PEC rules of 00426, 00427 and 00313. */
export function codiceDestinatario(
  is: Issues,
  formato: FormatoTrasmissione | undefined,
  cess: CessionarioInput,
  cessIdPaese: string,
): string {
  let codice = cess.codiceDestinatario?.trim() ?? ''
  if (formato === 'FPA12') {
    if (!/^[A-Z0-9]{6}$/.test(codice)) {
      is.error('sdi', '00427', `${DT}/CodiceDestinatario`, {
        it: 'FPA12 richiede il codice univoco ufficio di 6 caratteri (A-Z, 0-9) in CodiceDestinatario',
        en: 'FPA12 needs the 6-character codice univoco ufficio (A-Z, 0-9) in CodiceDestinatario',
      })
    }
    if (cess.pec) {
      is.error('sdi', '00426', `${DT}/PECDestinatario`, {
        it: 'PECDestinatario non si usa verso la Pubblica Amministrazione (FPA12)',
        en: 'PECDestinatario is not used towards a public administration (FPA12)',
      })
    }
  } else if (formato === 'FPR12') {
    if (codice === '') codice = '0000000'
    if (!/^[A-Z0-9]{7}$/.test(codice)) {
      is.error('sdi', '00427', `${DT}/CodiceDestinatario`, {
        it: 'FPR12 richiede un CodiceDestinatario di 7 caratteri (A-Z, 0-9) oppure 0000000',
        en: 'FPR12 needs a 7-character CodiceDestinatario (A-Z, 0-9) or 0000000',
      })
    }
    if (codice === 'XXXXXXX' && !(cess.partitaIva && cessIdPaese !== 'IT')) {
      is.error('sdi', '00313', `${DT}/CodiceDestinatario`, {
        it: 'XXXXXXX solo per un cessionario non residente con IdFiscaleIVA estero',
        en: 'XXXXXXX only for a non-resident cessionario with a foreign IdFiscaleIVA',
      })
    }
    if (cess.pec !== undefined) checkPec(is, cess.pec, codice)
  }
  return codice
}

function checkPec(is: Issues, pec: string, codice: string): void {
  if (codice !== '0000000') {
    is.error('sdi', '00426', `${DT}/PECDestinatario`, {
      it: 'PECDestinatario ammesso solo con CodiceDestinatario 0000000',
      en: 'PECDestinatario is allowed only with CodiceDestinatario 0000000',
    })
  }
  if (!/^[^\s@"()<>[\]\\,;:]+@[^\s@"()<>[\]\\,;:]+\.[^\s@"()<>[\]\\,;:]+$/.test(pec) || pec.length > 256) {
    bad(is, `${DT}/PECDestinatario`, 'PECDestinatario', 'un indirizzo email valido', 'a valid email address')
  }
}

/**
 * Who sends the file: the cedente, except for the documents the buyer issues on its own purchases
 * (integrations, self-invoices, TD29), where it is the cessionario when it has an IdFiscaleIVA.
 */
export function transmitter(is: Issues, input: InvoiceInput, cedIdPaese: string, cessIdPaese: string): IdFiscale {
  const cess = input.cessionario
  const trasm =
    input.trasmittente ??
    (ISSUED_BY_CESSIONARIO.has(input.tipoDocumento) && cess.partitaIva
      ? { idPaese: cessIdPaese, idCodice: cess.partitaIva }
      : { idPaese: cedIdPaese, idCodice: input.cedente.partitaIva })
  if (!isValidTransmitterId(trasm.idPaese, trasm.idCodice)) {
    bad(
      is,
      `${DT}/IdTrasmittente`,
      'IdTrasmittente',
      'IdPaese di 2 lettere e IdCodice di 11-16 caratteri (IT) o 2-28 (estero), usabile nel nome file',
      'a 2-letter IdPaese and an IdCodice of 11–16 characters (IT) or 2–28 (abroad), usable in the file name',
    )
  }
  return { idPaese: trasm.idPaese, idCodice: trasm.idCodice }
}

export function datiTrasmissione(
  input: InvoiceInput,
  formato: FormatoTrasmissione,
  idTrasmittente: IdFiscale,
  codiceDestinatario: string,
): DatiTrasmissione {
  return compact({
    idTrasmittente,
    formatoTrasmissione: formato,
    codiceDestinatario,
    contattiTrasmittente: input.contattiTrasmittente ? compact({ ...input.contattiTrasmittente }) : undefined,
    pecDestinatario: formato === 'FPR12' ? input.cessionario.pec : undefined,
  })
}
