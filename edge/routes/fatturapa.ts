/**
 * Handlers of the FatturaPA service (`/fatturapa`): genera (build → next ProgressivoInvio → render →
 * full validation; refuses what SDI would discard), valida, render (HTML/PDF for people).
 * @module
 */

import type { z } from '@hono/zod-openapi'
import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { renderInvoiceHtml } from '../../adapters/fatturapa/html-view.ts'
import { renderInvoicePdf } from '../../adapters/fatturapa/invoice-pdf.ts'
import { fromBase64, toBase64 } from '../../adapters/shared/base64.ts'
import type { InvoiceInput } from '../../core/fatturapa/input.ts'
import { isError, type ValidationIssue } from '../../core/fatturapa/issue.ts'
import { inspectFatturaXml, validateFatturaXml } from '../../core/fatturapa/validate.ts'
import { invoiceView } from '../../core/fatturapa/view-model.ts'
import { decodeXmlBytes } from '../../core/fatturapa/xml-decode.ts'
import { formatRome } from '../../core/rome-time.ts'
import { issueInvoice } from '../../core/use-cases/issue-invoice.ts'
import {
  type GeneraSchema,
  generaRoute,
  type InvalidInvoiceSchema,
  type IssueSchema,
  renderRoute,
  validaRoute,
} from '../../openapi/fatturapa.ts'
import type { AppEnv } from '../context.ts'
import { DomainFailure } from '../failure.ts'
import { requireRole } from '../middleware/auth.ts'
import { validationHook } from '../validation.ts'

/** SDI refuses files over 5 MB; base64 and JSON add a third. */
export const FATTURAPA_MAX_BODY = 8 * 1024 * 1024

type Genera = z.infer<typeof GeneraSchema>

const wireIssue = (i: ValidationIssue): z.infer<typeof IssueSchema> => ({
  layer: i.layer,
  code: i.code,
  xpath: i.xpath,
  message: i.message.it,
  message_en: i.message.en,
})

const defined = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T

function nameOf(p: { nome?: string | undefined; nome_persona?: string | undefined; cognome?: string | undefined }) {
  return p.nome !== undefined ? { denominazione: p.nome } : defined({ nome: p.nome_persona, cognome: p.cognome })
}

function sedeOf(p: Genera['cedente'] | Genera['cessionario']) {
  return defined({
    indirizzo: p.indirizzo,
    numeroCivico: p.numero_civico,
    cap: p.cap,
    comune: p.comune,
    provincia: p.provincia,
    nazione: p.nazione,
  })
}

const docRefs = (refs: Genera['fatture_collegate']) =>
  refs?.map((r) => defined({ idDocumento: r.id_documento, data: r.data, codiceCup: r.codice_cup, codiceCig: r.codice_cig }))

/** The seed's snake_case body → the model's input (core/fatturapa/input.ts). */
export function toInvoiceInput(b: Genera, today: string): InvoiceInput {
  return defined({
    formato: b.formato,
    tipoDocumento: b.tipo,
    numero: b.numero,
    data: b.data ?? today,
    divisa: b.divisa,
    causale: b.causale,
    cedente: defined({
      ...nameOf(b.cedente),
      idPaese: b.cedente.id_paese,
      partitaIva: b.cedente.piva,
      codiceFiscale: b.cedente.codice_fiscale,
      regimeFiscale: b.cedente.regime,
      sede: sedeOf(b.cedente),
      contatti: b.cedente.email || b.cedente.telefono ? defined({ email: b.cedente.email, telefono: b.cedente.telefono }) : undefined,
    }),
    cessionario: defined({
      ...nameOf(b.cessionario),
      idPaese: b.cessionario.id_paese,
      partitaIva: b.cessionario.piva,
      codiceFiscale: b.cessionario.codice_fiscale,
      sede: sedeOf(b.cessionario),
      codiceDestinatario: b.cessionario.codice_destinatario,
      pec: b.cessionario.pec,
    }),
    trasmittente: b.trasmittente ? { idPaese: b.trasmittente.id_paese, idCodice: b.trasmittente.id_codice } : undefined,
    righe: b.righe.map((r) =>
      defined({
        descrizione: r.descrizione,
        quantita: r.quantita,
        unitaMisura: r.unita_misura,
        prezzoUnitario: r.prezzo_unitario,
        aliquotaIva: r.aliquota_iva,
        natura: r.natura,
        riferimentoNormativo: r.riferimento_normativo,
        sconti: r.sconti?.map((s) => defined({ tipo: s.tipo, percentuale: s.percentuale, importo: s.importo })),
        ritenuta: r.ritenuta,
      }),
    ),
    esigibilitaIva: b.esigibilita_iva,
    fattureCollegate: docRefs(b.fatture_collegate),
    ordiniAcquisto: docRefs(b.ordini_acquisto),
    contratti: docRefs(b.contratti),
    ddt: b.ddt?.map((d) => ({ numero: d.numero, data: d.data })),
    ritenute: b.ritenute?.map((r) => ({ tipo: r.tipo, aliquota: r.aliquota, causalePagamento: r.causale_pagamento })),
    casse: b.casse?.map((c) =>
      defined({
        tipo: c.tipo,
        alCassa: c.al_cassa,
        aliquotaIva: c.aliquota_iva,
        natura: c.natura,
        imponibile: c.imponibile,
        ritenuta: c.ritenuta,
      }),
    ),
    bollo: b.bollo,
    pagamento: b.pagamento
      ? {
          condizioni: b.pagamento.condizioni,
          dettagli: b.pagamento.dettagli.map((d) =>
            defined({
              modalita: d.modalita,
              importo: d.importo,
              scadenza: d.scadenza,
              iban: d.iban,
              bic: d.bic,
              beneficiario: d.beneficiario,
            }),
          ),
        }
      : undefined,
  }) as InvoiceInput
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** The bytes of `xml_base64`; a 400 naming the field when it is not base64. */
export function decodeBase64Field(b64: string): Uint8Array {
  const clean = b64.replace(/\s+/g, '')
  if (clean.length % 4 !== 0 || !BASE64.test(clean)) {
    throw new DomainFailure({ code: 'validation', issues: [{ path: 'xml_base64', message: 'is not valid base64' }] })
  }
  return fromBase64(clean)
}

/** Real supplier invoices often carry `<?xml-stylesheet?>`, which SdI accepts: skipped, never followed. */
export const READ_OPTIONS = { allowXmlStylesheet: true } as const

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}

function invalid(c: Context<AppEnv>, error: string, issues: readonly ValidationIssue[]) {
  const body: z.infer<typeof InvalidInvoiceSchema> = { success: false, error, code: 'invoice_invalid', errors: issues.map(wireIssue) }
  return c.json(body, 422)
}

export function fatturapaRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.use(
    '/fatturapa/*',
    bodyLimit({
      maxSize: FATTURAPA_MAX_BODY,
      onError: () => {
        throw new HTTPException(413, { message: 'the body is larger than 8 MB' })
      },
    }),
  )

  app.openapi(generaRoute, async (c) => {
    requireRole(c, 'operator')
    const deps = c.get('deps')
    const body = c.req.valid('json')
    const today = formatRome(deps.clock()).slice(0, 10)
    const result = await issueInvoice(
      toInvoiceInput(body, today),
      { today, ...(body.schema_version ? { schemaVersion: body.schema_version } : {}) },
      deps.fatturapa,
    )
    if (!result.ok) {
      const n = result.issues.filter(isError).length
      if (result.stage === 'validation')
        c.get('log').warn('generated invoice refused by validation', { codes: result.issues.map((e) => e.code) })
      const what = result.stage === 'build' ? 'the invoice cannot be issued' : 'the invoice would be discarded by SDI'
      return invalid(c, `${what} (${n} error${n === 1 ? '' : 's'})`, result.issues)
    }
    const bytes = new TextEncoder().encode(result.xml)
    return c.json(
      {
        success: true as const,
        xml_base64: toBase64(bytes),
        hash_sha256: await sha256Hex(bytes),
        file_name: result.fileName,
        progressivo_invio: result.progressivoInvio,
        warnings: result.warnings.map(wireIssue),
      },
      200,
    )
  })

  app.openapi(validaRoute, async (c) => {
    requireRole(c, 'viewer')
    const text = decodeXmlBytes(decodeBase64Field(c.req.valid('json').xml_base64))
    const result = text.ok
      ? await validateFatturaXml(text.text, { xsd: await c.get('deps').fatturapa.xsd() }, READ_OPTIONS)
      : { valid: false, issues: [text.issue] }
    return c.json(
      {
        success: true as const,
        valid: result.valid,
        errors: result.issues.filter(isError).map(wireIssue),
        warnings: result.issues.filter((i) => !isError(i)).map(wireIssue),
      },
      200,
    )
  })

  app.openapi(renderRoute, async (c) => {
    requireRole(c, 'viewer')
    const body = c.req.valid('json')
    const text = decodeXmlBytes(decodeBase64Field(body.xml_base64))
    if (!text.ok) return invalid(c, 'not a readable FatturaPA', [text.issue])
    const result = await inspectFatturaXml(text.text, { xsd: await c.get('deps').fatturapa.xsd() }, READ_OPTIONS)
    if (result.root === null) return invalid(c, 'not a readable FatturaPA', result.issues)
    const blocking = result.issues.filter((i) => isError(i) && (i.layer === 'xml' || i.layer === 'xsd'))
    const view = invoiceView(result.root)
    if (blocking.length > 0 || view === null) return invalid(c, 'not a schema-valid FatturaPA', blocking)
    const others = String(result.issues.filter(isError).length)
    const wantsPdf = body.format === 'pdf' || (body.format === undefined && (c.req.header('accept') ?? '').includes('application/pdf'))
    if (wantsPdf) {
      const pdf = await renderInvoicePdf(view)
      return c.body(pdf as unknown as ArrayBuffer, 200, {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="fattura-${(view.bodies[0]?.number ?? 'fattura').replace(/[^A-Za-z0-9._-]/g, '_')}.pdf"`,
        'x-fattura-issues': others,
      })
    }
    return c.html(renderInvoiceHtml(view), 200, {
      'x-fattura-issues': others,
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    })
  })

  return app
}
