/**
 * One finding of FatturaPA validation, whatever layer found it. `code` is stable: SDI's own error
 * code (e.g. `00422`) for the SDI content checks, `XSD` + a libxml2 error class for schema errors,
 * and `ID-*` codes for identifier checks. `xpath` points at the offending element
 * (`/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[2]/PrezzoTotale`).
 * @module
 */

export type ValidationLayer = 'xml' | 'xsd' | 'sdi' | 'identifier'

export type ValidationIssue = {
  readonly layer: ValidationLayer
  readonly code: string
  readonly xpath: string
  readonly message: { readonly it: string; readonly en: string }
  /** Errors get the file discarded by SDI; warnings do not (e.g. a character transliterated). */
  readonly severity: 'error' | 'warning'
}

export const isError = (i: ValidationIssue): boolean => i.severity === 'error'
