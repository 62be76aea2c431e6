/**
 * The OpenAPI.it simulator's inspector built from Varco's own validation: the four layers of
 * core/fatturapa/validate.ts (XML refusals, XSD through the given validator, SdI checks with the
 * simulator's today, identifier check digits) mapped to the simulator's InvoiceFacts. The sandbox
 * may not import core, so the wiring hands it this (edge/deps/index.ts → createSandbox).
 * @module
 */

import { isError, type ValidationIssue } from '../../core/fatturapa/issue.ts'
import { type FatturaInspection, inspectFatturaXml } from '../../core/fatturapa/validate.ts'
import type { XmlElement } from '../../core/fatturapa/xml-tree.ts'
import { formatRome } from '../../core/rome-time.ts'
import type { XsdValidator } from '../../ports/xsd-validator.port.ts'
import { fileNameOf, type InspectInvoice, type InvoiceFacts } from '../../sandbox/openapi-sdi/inspect.ts'

const child = (e: XmlElement | undefined, name: string) => e?.children.find((c) => c.name === name)
const text = (e: XmlElement | undefined, ...path: string[]): string | null => {
  const t = path.reduce<XmlElement | undefined>((at, n) => child(at, n), e)?.text.trim()
  return t ? t : null
}

/**
 * The SdI code of an identifier finding: the rule names the registry check it stands for
 * (`… (SdI 00301)`); SDI rejects such a file with that code (the number is not in the Anagrafe tributaria).
 */
const identifierCode = (i: ValidationIssue) => /\(SdI (\d{5})\)/.exec(i.message.it)?.[1] ?? '00300'

/** A validation of the file → what the simulator needs to know. */
export function toInvoiceFacts(r: FatturaInspection): InvoiceFacts {
  const errors = r.issues.filter(isError)
  const root = r.root
  const header = child(root ?? undefined, 'FatturaElettronicaHeader')
  const dt = child(header, 'DatiTrasmissione')
  const cedente = child(child(header, 'CedentePrestatore'), 'DatiAnagrafici')
  const doc = child(child(child(root ?? undefined, 'FatturaElettronicaBody'), 'DatiGenerali'), 'DatiGeneraliDocumento')
  const versione = root?.attrs['versione']
  const formato = versione === 'FPA12' || versione === 'FPR12' ? versione : null
  const [idPaese, idCodice, progressivo] = [
    text(dt, 'IdTrasmittente', 'IdPaese'),
    text(dt, 'IdTrasmittente', 'IdCodice'),
    text(dt, 'ProgressivoInvio'),
  ]
  return {
    wellFormed: root !== null,
    schemaErrors: errors.filter((i) => i.layer === 'xml' || i.layer === 'xsd').map((i) => `${i.xpath}: ${i.message.en}`),
    sdiErrors: errors
      .filter((i) => i.layer === 'sdi' || i.layer === 'identifier')
      .map((i) => ({ code: i.layer === 'sdi' ? i.code : identifierCode(i), message: i.message.it })),
    fileName: idPaese && idCodice && progressivo ? fileNameOf(idPaese, idCodice, progressivo) : null,
    formato,
    numero: text(doc, 'Numero'),
    data: text(doc, 'Data'),
    senderId: text(cedente, 'IdFiscaleIVA', 'IdCodice') ?? text(cedente, 'CodiceFiscale'),
    codiceDestinatario: text(dt, 'CodiceDestinatario'),
    toPa: formato === 'FPA12',
  }
}

/** Varco's validation as the simulator's inspector; SdI's date checks use `clock`'s day in Rome. */
export function realInspector(xsd: XsdValidator | (() => Promise<XsdValidator>), clock: () => Date = () => new Date()): InspectInvoice {
  const load = typeof xsd === 'function' ? xsd : () => Promise.resolve(xsd)
  return async (xml) => toInvoiceFacts(await inspectFatturaXml(xml, { xsd: await load() }, { today: formatRome(clock()).slice(0, 10) }))
}
