/**
 * The FatturaPA service (seed 000, Agile API): `POST /fatturapa/genera` builds, renders and fully
 * validates an invoice (it refuses, with the errors, any invoice SDI would discard); `POST
 * /fatturapa/valida` validates any FatturaPA; `POST /fatturapa/render` shows one to people (HTML or
 * PDF). Success is `{success: true, ...}`, failure `{success: false, error, code}` (+ `errors[]` when
 * the invoice is the problem). Amounts are decimal euros as in the XML (numbers or strings).
 * @module
 */

import { createRoute, z } from '@hono/zod-openapi'
import { AGILE_401, AGILE_402, AgileErrorSchema, AUTHENTICATED, agile403, agileError } from './common.ts'

const TAG = 'FatturaPA (Agile)'

const Decimal = z
  .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number such as 150.00')])
  .openapi({ description: 'Decimal number (JSON number or string with `.`), e.g. 150 or "0.33333333".' })
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
const short = (max: number) => z.string().trim().min(1).max(max)

const Sede = {
  indirizzo: short(60),
  numero_civico: short(8).optional(),
  cap: z.string().regex(/^\d{5}$/, 'must be 5 digits'),
  comune: short(60),
  provincia: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be 2 capital letters')
    .optional(),
  nazione: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
    .optional(),
}

const Name = {
  nome: short(80).optional().openapi({ description: 'Denominazione (company name).' }),
  nome_persona: short(60).optional().openapi({ description: 'First name (a person, with `cognome`).' }),
  cognome: short(60).optional(),
}

export const CedenteSchema = z
  .object({
    ...Name,
    piva: z.string().trim().min(1).max(28),
    id_paese: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    codice_fiscale: z.string().trim().min(11).max(16).optional(),
    regime: z
      .string()
      .regex(/^RF\d{2}$/, 'must be RF01…RF20')
      .default('RF01'),
    ...Sede,
    email: z.string().email().optional(),
    telefono: short(12).optional(),
  })
  .strict()

export const CessionarioSchema = z
  .object({
    ...Name,
    piva: z.string().trim().min(1).max(28).optional(),
    id_paese: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    codice_fiscale: z.string().trim().min(11).max(16).optional(),
    ...Sede,
    pec: z.string().email().optional(),
    codice_destinatario: z
      .string()
      .regex(/^[A-Z0-9]{6,7}$/, 'must be 6 (FPA12) or 7 (FPR12) letters or digits')
      .optional(),
  })
  .strict()

const RigaSchema = z
  .object({
    descrizione: z.string().trim().min(1).max(1000),
    quantita: Decimal.optional(),
    unita_misura: short(10).optional(),
    prezzo_unitario: Decimal,
    aliquota_iva: Decimal,
    natura: z.string().optional(),
    riferimento_normativo: short(100).optional(),
    sconti: z
      .array(z.object({ tipo: z.enum(['SC', 'MG']), percentuale: Decimal.optional(), importo: Decimal.optional() }).strict())
      .max(10)
      .optional(),
    ritenuta: z.boolean().optional(),
  })
  .strict()

const DocRef = z
  .object({ id_documento: short(20), data: IsoDate.optional(), codice_cup: short(15).optional(), codice_cig: short(15).optional() })
  .strict()

export const GeneraSchema = z
  .object({
    cedente: CedenteSchema,
    cessionario: CessionarioSchema,
    righe: z.array(RigaSchema).min(1).max(10_000),
    numero: short(20),
    data: IsoDate.optional().openapi({ description: 'Document date; default today (Europe/Rome).' }),
    tipo: z.string().default('TD01').openapi({ description: 'TipoDocumento TD01–TD29 (TD29 needs schema_version 1.2.3).' }),
    formato: z.enum(['FPR12', 'FPA12']).default('FPR12'),
    divisa: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    causale: z.string().trim().min(1).max(2000).optional(),
    esigibilita_iva: z.enum(['I', 'D', 'S']).optional(),
    fatture_collegate: z.array(DocRef).max(100).optional(),
    ordini_acquisto: z.array(DocRef).max(100).optional(),
    contratti: z.array(DocRef).max(100).optional(),
    ddt: z
      .array(z.object({ numero: short(20), data: IsoDate }).strict())
      .max(100)
      .optional(),
    ritenute: z
      .array(z.object({ tipo: z.string(), aliquota: Decimal, causale_pagamento: z.string() }).strict())
      .max(4)
      .optional(),
    casse: z
      .array(
        z
          .object({
            tipo: z.string(),
            al_cassa: Decimal,
            aliquota_iva: Decimal,
            natura: z.string().optional(),
            imponibile: Decimal.optional(),
            ritenuta: z.boolean().optional(),
          })
          .strict(),
      )
      .max(10)
      .optional(),
    bollo: z.union([z.literal('auto'), z.boolean()]).optional(),
    pagamento: z
      .object({
        condizioni: z.enum(['TP01', 'TP02', 'TP03']),
        dettagli: z
          .array(
            z
              .object({
                modalita: z.string().regex(/^MP\d{2}$/),
                importo: Decimal.optional(),
                scadenza: IsoDate.optional(),
                iban: z.string().optional(),
                bic: z.string().optional(),
                beneficiario: short(200).optional(),
              })
              .strict(),
          )
          .min(1)
          .max(50),
      })
      .strict()
      .optional(),
    trasmittente: z
      .object({ id_paese: z.string().regex(/^[A-Z]{2}$/), id_codice: z.string().regex(/^[A-Za-z0-9]{2,28}$/) })
      .strict()
      .optional()
      .openapi({ description: 'The transmitter (default: the cedente’s P.IVA); names the file and keys ProgressivoInvio.' }),
    schema_version: z.enum(['1.2.2', '1.2.3']).optional(),
  })
  .strict()
  .openapi('FatturaGenera')

export const GENERA_EXAMPLE = {
  cedente: {
    piva: '07776161213',
    nome: '231 Agile',
    indirizzo: 'Via Roma 1',
    cap: '80100',
    comune: 'Napoli',
    provincia: 'NA',
    regime: 'RF01',
  },
  cessionario: {
    nome: 'TechnoSteel S.r.l.',
    piva: '12345678903',
    indirizzo: 'Via Industria 42',
    cap: '20100',
    comune: 'Milano',
    provincia: 'MI',
    pec: 'fatture@technosteel.it',
  },
  righe: [{ descrizione: '231 Agile — Pacchetto Onboarding #1', quantita: 1, prezzo_unitario: 150.0, aliquota_iva: 22 }],
  numero: 'FT-2026-0001-01',
  tipo: 'TD01',
  formato: 'FPR12',
}

export const IssueSchema = z
  .object({
    layer: z.enum(['xml', 'xsd', 'sdi', 'identifier']),
    code: z.string().openapi({ description: 'SDI error code (00422…), `XSD-*`, `XML-*`, `ID-*` or `INPUT-*`.' }),
    xpath: z.string(),
    message: z.string().openapi({ description: 'Italian.' }),
    message_en: z.string(),
  })
  .openapi('FatturaIssue')

const exampleIssue = {
  layer: 'sdi',
  code: '00422',
  xpath: '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DatiRiepilogo[1]/ImponibileImporto',
  message: 'ImponibileImporto 27.00 non corrisponde alla somma delle linee (25.00)',
  message_en: 'ImponibileImporto 27.00 does not match the sum of the lines (25.00)',
}

export const InvalidInvoiceSchema = AgileErrorSchema.extend({ errors: z.array(IssueSchema) }).openapi('FatturaInvalid')

const ERRORS = {
  400: agileError('The body is not what the route takes (the field is named).', 'validation', 'righe: must have at least 1 item'),
  401: AGILE_401,
  402: AGILE_402,
  403: agile403('auth.insufficient_role', 'this operation needs role operator; the token has viewer'),
  413: agileError('The body is larger than 8 MB (SDI refuses files over 5 MB).', 'payload_too_large', 'the body is larger than 8 MB'),
} as const

const invalidInvoice = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: InvalidInvoiceSchema,
      example: {
        success: false,
        error: 'the invoice would be discarded by SDI (1 error)',
        code: 'invoice_invalid',
        errors: [exampleIssue],
      },
    },
  },
})

const XmlBase64Body = z
  .object({ xml_base64: z.string().min(1).openapi({ description: 'The FatturaPA file (UTF-8 XML), base64.' }) })
  .strict()

export const generaRoute = createRoute({
  method: 'post',
  path: '/fatturapa/genera',
  tags: [TAG],
  summary: 'Generate a FatturaPA 1.2.2 XML (validated: XSD, SDI checks, identifiers)',
  description:
    'Builds the invoice (VAT summary and totals computed in decimal arithmetic), assigns the transmitter’s next ProgressivoInvio (never repeated), renders the XML and validates it in full. ' +
    'Text outside the schema’s Latin-1 range is transliterated and reported in `warnings`. An invoice with any error is refused with 422 and the errors. Role operator.',
  security: AUTHENTICATED,
  request: { body: { required: true, content: { 'application/json': { schema: GeneraSchema, example: GENERA_EXAMPLE } } } },
  responses: {
    200: {
      description: 'The invoice file.',
      content: {
        'application/json': {
          schema: z.object({
            success: z.literal(true),
            xml_base64: z.string(),
            hash_sha256: z.string().openapi({ description: 'SHA-256 of the XML bytes, hex.' }),
            file_name: z.string().openapi({ example: 'IT07776161213_00001.xml' }),
            progressivo_invio: z.string(),
            warnings: z.array(IssueSchema),
          }),
          example: {
            success: true,
            xml_base64: 'PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iVVRGLTgiPz4K…',
            hash_sha256: 'a3f4b2c1d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2',
            file_name: 'IT07776161213_00001.xml',
            progressivo_invio: '00001',
            warnings: [
              {
                layer: 'sdi',
                code: 'TEXT-TRANSLITERATED',
                xpath: '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[1]/Descrizione',
                message: 'carattere "—" sostituito con "-"',
                message_en: 'character "—" replaced by "-"',
              },
            ],
          },
        },
      },
    },
    ...ERRORS,
    422: invalidInvoice('The invoice would be discarded by SDI, or an identifier has a wrong check digit; `errors` lists every finding.'),
  },
})

export const validaRoute = createRoute({
  method: 'post',
  path: '/fatturapa/valida',
  tags: [TAG],
  summary: 'Validate a FatturaPA (XSD 1.2.2 with xmldsig, SDI content checks, identifiers)',
  description:
    'Hostile documents (DOCTYPE, entities, external references) are refused without expanding or reading anything. `valid` is false when any error is found; warnings do not count. Role viewer.',
  security: AUTHENTICATED,
  request: { body: { required: true, content: { 'application/json': { schema: XmlBase64Body, example: { xml_base64: 'PD94bWwg…' } } } } },
  responses: {
    200: {
      description: 'The verdict and every finding.',
      content: {
        'application/json': {
          schema: z.object({ success: z.literal(true), valid: z.boolean(), errors: z.array(IssueSchema), warnings: z.array(IssueSchema) }),
          example: { success: true, valid: false, errors: [exampleIssue], warnings: [] },
        },
      },
    },
    ...ERRORS,
  },
})

export const renderRoute = createRoute({
  method: 'post',
  path: '/fatturapa/render',
  tags: [TAG],
  summary: 'Show a FatturaPA to people (HTML or PDF)',
  description:
    'Any schema-valid FatturaPA (ours or not, batches included) as a self-contained HTML page (default) or an A4 PDF (`format: "pdf"` or `Accept: application/pdf`). ' +
    'Findings of the SDI and identifier checks do not stop the view; they are counted in `X-Fattura-Issues`. Role viewer.',
  security: AUTHENTICATED,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: XmlBase64Body.extend({ format: z.enum(['html', 'pdf']).optional() }),
          example: { xml_base64: 'PD94bWwg…', format: 'pdf' },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The view.',
      headers: { 'X-Fattura-Issues': { schema: { type: 'integer' }, description: 'Errors found by the SDI and identifier checks.' } },
      content: {
        'text/html': { schema: z.string(), example: '<!doctype html><html lang="it">…</html>' },
        'application/pdf': { schema: z.string().openapi({ format: 'binary' }), example: '%PDF-1.7 …' },
      },
    },
    ...ERRORS,
    422: invalidInvoice('Not a schema-valid FatturaPA (malformed, hostile, or failing the XSD).'),
  },
})
