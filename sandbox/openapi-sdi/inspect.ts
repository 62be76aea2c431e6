/**
 * What the simulator needs to know about a FatturaPA file it is given. The reading is injected
 * ({@link InspectInvoice}): the sandbox may not import Varco's validation (core/adapters), so the
 * wiring passes it in, and the simulator then answers as OpenAPI.it would for that file (422 when
 * not well-formed, 400 when schema-invalid, NS with SdI's codes when an SdI check fails). Without
 * an inspector the simulator reads only the few values it needs with {@link minimalInspect} and
 * finds nothing wrong with a file that has them.
 * @module
 */

export type InvoiceFacts = {
  /** False: OpenAPI.it answers 422 `802` "Parsing error: malformed XML". */
  readonly wellFormed: boolean
  /** Schema findings, as messages; any → 400 `230`. */
  readonly schemaErrors: readonly string[]
  /** SdI content checks that fail (`code` is SdI's 5-character error code): the file is accepted, then NS. */
  readonly sdiErrors: ReadonlyArray<{ readonly code: string; readonly message: string }>
  /** `<IdPaese><IdCodice>_<progressivo>.xml` from IdTrasmittente and ProgressivoInvio. */
  readonly fileName: string | null
  readonly formato: 'FPA12' | 'FPR12' | null
  /** Numero and Data (YYYY-MM-DD) of the first body. */
  readonly numero: string | null
  readonly data: string | null
  /** The cedente's IdFiscaleIVA/IdCodice, else its CodiceFiscale. */
  readonly senderId: string | null
  readonly codiceDestinatario: string | null
  /** FPA12: an invoice to the public administration (NE, DT and AT apply). */
  readonly toPa: boolean
}

export type InspectInvoice = (xml: string) => Promise<InvoiceFacts>

/**
 * The file name SDI knows a file by. ProgressivoInvio may have up to 10 characters and the file
 * progressive at most 5: a longer one contributes its last 5 alphanumerics (as core/sdi does).
 */
export function fileNameOf(idPaese: string, idCodice: string, progressivoInvio: string): string {
  const short = /^[a-zA-Z0-9]{1,5}$/.test(progressivoInvio) ? progressivoInvio : progressivoInvio.replace(/[^a-zA-Z0-9]/g, '').slice(-5)
  return `${idPaese}${idCodice}_${short || '0'}.xml`
}

/** The text of the first `<name>` (any prefix) inside `scope`, trimmed; null when absent or empty. */
function first(scope: string | null, name: string): string | null {
  if (scope === null) return null
  const m = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:[\\w.-]+:)?${name}\\s*>`).exec(scope)
  const text = m?.[1]?.trim()
  return text ? text : null
}

/** The content of the first `<name>…</name>` block (any prefix), or null. */
function block(scope: string, name: string): string | null {
  const m = new RegExp(`<(?:[\\w.-]+:)?${name}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}\\s*>`).exec(scope)
  return m?.[1] ?? null
}

/**
 * A reading by regular expressions, for a simulator without an inspector: no parser, no schema, no
 * SdI checks. "Well-formed" means a FatturaElettronica root that is closed; a file without
 * IdTrasmittente, ProgressivoInvio or `versione` has schema errors.
 */
export async function minimalInspect(xml: string): Promise<InvoiceFacts> {
  const root = /<(?:([\w.-]+):)?FatturaElettronica\s([^>]*)>/.exec(xml)
  const closed = root !== null && new RegExp(`</(?:${root[1] ? `${root[1]}:` : ''})FatturaElettronica\\s*>\\s*$`).test(xml)
  const versione = /versione\s*=\s*["'](FPA12|FPR12)["']/.exec(root?.[2] ?? '')?.[1] ?? null
  const formato = versione === 'FPA12' || versione === 'FPR12' ? versione : null
  const trasmittente = block(xml, 'IdTrasmittente')
  const idPaese = first(trasmittente, 'IdPaese')
  const idCodice = first(trasmittente, 'IdCodice')
  const progressivo = first(xml, 'ProgressivoInvio')
  const cedente = block(xml, 'CedentePrestatore')
  const generali = block(xml, 'DatiGeneraliDocumento')
  const schemaErrors = [
    ...(formato ? [] : ['FatturaElettronica/@versione must be FPA12 or FPR12']),
    ...(idPaese && idCodice ? [] : ['DatiTrasmissione/IdTrasmittente is missing']),
    ...(progressivo ? [] : ['DatiTrasmissione/ProgressivoInvio is missing']),
  ]
  return {
    wellFormed: closed,
    schemaErrors,
    sdiErrors: [],
    fileName: idPaese && idCodice && progressivo ? fileNameOf(idPaese, idCodice, progressivo) : null,
    formato,
    numero: first(generali, 'Numero'),
    data: first(generali, 'Data'),
    senderId: first(block(cedente ?? '', 'IdFiscaleIVA'), 'IdCodice') ?? first(cedente, 'CodiceFiscale'),
    codiceDestinatario: first(xml, 'CodiceDestinatario'),
    toPa: formato === 'FPA12',
  }
}
