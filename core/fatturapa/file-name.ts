/**
 * File names and ProgressivoInvio (../shared/specs/fatturapa.md §4.5, §4.6): the file is
 * `<IdPaese><IdCodice>_<progressivo>.xml`, the progressivo being at most 5 characters [a-zA-Z0-9]
 * that never repeat for a transmitter (SDI code 00002 otherwise). The progressivo here is the
 * sequence number in base 36, upper case, left-padded to 5 (as FatturaElettronica.NET does):
 * 60 466 176 names per transmitter. The same value is used as ProgressivoInvio (String10).
 * Storing the per-transmitter sequence is the caller's job: these functions are pure.
 * @module
 */

export const PROGRESSIVO_MAX = 36 ** 5 - 1

/**
 * @example formatProgressivo(1) // '00001'; formatProgressivo(36) // '00010'; formatProgressivo(60466175) // 'ZZZZZ'
 * @throws RangeError when `sequence` is not an integer in 1…36^5−1
 */
export function formatProgressivo(sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > PROGRESSIVO_MAX) {
    throw new RangeError(`progressivo sequence out of range (1…${PROGRESSIVO_MAX}): ${sequence}`)
  }
  return sequence.toString(36).toUpperCase().padStart(5, '0')
}

/** The sequence number of a progressivo written by {@link formatProgressivo}, or null. */
export function parseProgressivo(progressivo: string): number | null {
  if (!/^[0-9A-Z]{1,5}$/.test(progressivo)) return null
  const n = Number.parseInt(progressivo, 36)
  return n >= 1 ? n : null
}

const PROGRESSIVO = /^[a-zA-Z0-9]{1,5}$/

/** Transmitter id as the file name uses it: IT needs 11–16 characters, other countries 2–28. */
export function isValidTransmitterId(idPaese: string, idCodice: string): boolean {
  if (!/^[A-Z]{2}$/.test(idPaese)) return false
  return idPaese === 'IT' ? /^[A-Z0-9]{11,16}$/.test(idCodice) : /^[a-zA-Z0-9]{2,28}$/.test(idCodice)
}

/**
 * @example invoiceFileName({ idPaese: 'IT', idCodice: '01234567890' }, '0000A') // 'IT01234567890_0000A.xml'
 * @throws RangeError on an invalid transmitter id or progressivo (a caller bug)
 */
export function invoiceFileName(trasmittente: { idPaese: string; idCodice: string }, progressivo: string): string {
  if (!isValidTransmitterId(trasmittente.idPaese, trasmittente.idCodice)) {
    throw new RangeError(`invalid transmitter id for a file name: ${trasmittente.idPaese}${trasmittente.idCodice}`)
  }
  if (!PROGRESSIVO.test(progressivo)) throw new RangeError(`invalid file progressivo (1–5 of [a-zA-Z0-9]): ${progressivo}`)
  return `${trasmittente.idPaese}${trasmittente.idCodice}_${progressivo}.xml`
}

/** SDI check 00001 on an unsigned (.xml), XAdES (.xml) or CAdES (.xml.p7m) invoice file name. */
export function isValidInvoiceFileName(name: string): boolean {
  const m = /^([A-Z]{2})([a-zA-Z0-9]{2,28})_([a-zA-Z0-9]{1,5})\.(xml|xml\.p7m)$/.exec(name)
  return m !== null && isValidTransmitterId(m[1] as string, m[2] as string)
}
