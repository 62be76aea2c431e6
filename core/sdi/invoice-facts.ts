/**
 * What a transmission needs to know about the FatturaPA file it carries, read from the validated
 * tree: format, file name (IdTrasmittente + ProgressivoInvio, spec fatturapa.md §4.6), the number
 * and date of the first body and the cedente's tax id (to find the file again at the intermediary).
 * @module
 */

import { invoiceFileName } from '../fatturapa/file-name.ts'
import type { XmlElement } from '../fatturapa/xml-tree.ts'
import type { SdiFormat } from './model.ts'

export type InvoiceFacts = {
  readonly formato: SdiFormat
  readonly fileName: string
  readonly progressivoInvio: string
  readonly numero: string
  readonly data: string
  /** IdCodice of the cedente's IdFiscaleIVA, else its CodiceFiscale. */
  readonly senderId: string
}

const child = (e: XmlElement | undefined, name: string): XmlElement | undefined => e?.children.find((c) => c.name === name)
const path = (e: XmlElement | undefined, ...names: string[]) => names.reduce<XmlElement | undefined>((at, n) => child(at, n), e)
const text = (e: XmlElement | undefined) => e?.text.trim() ?? ''

/** The facts, or null when the tree lacks one (a schema-valid FatturaPA always has them). */
export function invoiceFacts(root: XmlElement): InvoiceFacts | null {
  const versione = root.attrs['versione']
  if (versione !== 'FPA12' && versione !== 'FPR12') return null
  const dt = path(root, 'FatturaElettronicaHeader', 'DatiTrasmissione')
  const idPaese = text(path(dt, 'IdTrasmittente', 'IdPaese'))
  const idCodice = text(path(dt, 'IdTrasmittente', 'IdCodice'))
  const progressivoInvio = text(child(dt, 'ProgressivoInvio'))
  const cedente = path(root, 'FatturaElettronicaHeader', 'CedentePrestatore', 'DatiAnagrafici')
  const senderId = text(path(cedente, 'IdFiscaleIVA', 'IdCodice')) || text(child(cedente, 'CodiceFiscale'))
  const generali = path(child(root, 'FatturaElettronicaBody'), 'DatiGenerali', 'DatiGeneraliDocumento')
  const numero = text(child(generali, 'Numero'))
  const data = text(child(generali, 'Data'))
  if (!idPaese || !idCodice || !progressivoInvio || !senderId || !numero || !data) return null
  return {
    formato: versione,
    fileName: fileNameOf(idPaese, idCodice, progressivoInvio),
    progressivoInvio,
    numero,
    data,
    senderId,
  }
}

/**
 * `<IdPaese><IdCodice>_<progressivo>.xml`. ProgressivoInvio may be up to 10 characters while the
 * file progressive is at most 5 (Varco's generator uses the same 5): a longer one contributes its
 * last 5 alphanumerics. The intermediary reports the name SDI really got (`RemoteInvoice.fileName`).
 */
function fileNameOf(idPaese: string, idCodice: string, progressivoInvio: string): string {
  const short = /^[a-zA-Z0-9]{1,5}$/.test(progressivoInvio) ? progressivoInvio : progressivoInvio.replace(/[^a-zA-Z0-9]/g, '').slice(-5)
  try {
    return invoiceFileName({ idPaese, idCodice }, short || '0')
  } catch {
    return `${idPaese}${idCodice}_${short || '0'}.xml`
  }
}
