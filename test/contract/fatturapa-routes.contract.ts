/**
 * The FatturaPA API (`/fatturapa/genera|valida|render`) through the real app and database, runtime-
 * neutral: Node runs it with the Node XSD validator, workerd with the edge one
 * (test/edge/fatturapa.test.ts, test/workerd/fatturapa-routes.test.ts).
 * @module
 */

import { describe, expect, it } from 'vitest'
import { fromBase64, toBase64 } from '../../adapters/shared/base64.ts'
import { parseProgressivo } from '../../core/fatturapa/file-name.ts'
import { GENERA_EXAMPLE, generaRoute, validaRoute } from '../../openapi/fatturapa.ts'
import { expectDeclared } from './declared-response.ts'
import type { RouteHarness } from './route-harness.ts'

/** What the contract uses of a harness: the in-process one, or test/e2e/http-harness.ts over a running server. */
export type CallHarness = Pick<RouteHarness, 'call' | 'tenant' | 'token'>

/** The seed's example (000, "Genera XML FatturaPA"), with a cessionario P.IVA whose check digit is right: the documented request example. */
export const SEED_INVOICE = GENERA_EXAMPLE

export type FatturapaSamples = {
  /** An official sample that breaks 00422 (lines 25.00 against ImponibileImporto 27.00). */
  readonly fpr03: string
  readonly billionLaughs: string
}

type Issue = { layer: string; code: string; xpath: string; message: string; message_en: string }

const b64 = (text: string) => toBase64(new TextEncoder().encode(text))
const unb64 = (s: string) => new TextDecoder().decode(fromBase64(s))

async function sha256(text: string) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('')
}

export function runFatturapaRouteContract(name: string, make: () => Promise<CallHarness>, samples: FatturapaSamples) {
  describe(`FatturaPA API (${name})`, () => {
    async function setup() {
      const h = await make()
      const t = await h.tenant()
      const tokens = {
        admin: await h.token(t.id, 'admin'),
        operator: await h.token(t.id, 'operator'),
        viewer: await h.token(t.id, 'viewer'),
      }
      const as = (role: 'admin' | 'operator' | 'viewer' = 'operator') => ({ key: t.key, token: tokens[role] })
      return { h, t, as }
    }

    it('genera: the seed example becomes a valid invoice, with its file name, hash and a transliteration warning', async () => {
      const { h, as } = await setup()
      const r = await h.call('POST', '/fatturapa/genera', { ...as(), body: SEED_INVOICE })
      expect(r.status, r.text).toBe(200)
      expect(r.json).toMatchObject({ success: true, file_name: `IT07776161213_${r.json['progressivo_invio']}.xml` })
      expect(r.json['progressivo_invio']).toMatch(/^[0-9A-Z]{5}$/)
      const xml = unb64(String(r.json['xml_base64']))
      expect(r.json['hash_sha256']).toBe(await sha256(xml))
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/)
      expect(xml).toContain('<Descrizione>231 Agile - Pacchetto Onboarding #1</Descrizione>')
      expect(xml).not.toContain('—')
      expect(xml).toContain('<ImponibileImporto>150.00</ImponibileImporto>')
      expect(xml).toContain('<Imposta>33.00</Imposta>')
      expect(xml).toContain(`<ProgressivoInvio>${r.json['progressivo_invio']}</ProgressivoInvio>`)
      const warnings = r.json['warnings'] as Issue[]
      expect(warnings.some((w) => w.xpath.endsWith('/DettaglioLinee[1]/Descrizione'))).toBe(true)
      // What genera returns, valida accepts.
      const v = await h.call('POST', '/fatturapa/valida', { ...as('viewer'), body: { xml_base64: r.json['xml_base64'] } })
      expect(v.json).toMatchObject({ success: true, valid: true, errors: [] })
      expectDeclared(generaRoute, 200, r.json)
      expectDeclared(validaRoute, 200, v.json)
    })

    it('genera: ProgressivoInvio never repeats for a transmitter; another transmitter has its own sequence', async () => {
      const { h, as } = await setup()
      // The database may be shared with other tests: numbers are compared with the first one seen.
      const seq: number[] = []
      for (let i = 0; i < 3; i++) {
        const r = await h.call('POST', '/fatturapa/genera', { ...as(), body: { ...SEED_INVOICE, numero: `FT-${i + 1}` } })
        expect(r.json['file_name']).toBe(`IT07776161213_${r.json['progressivo_invio']}.xml`)
        seq.push(parseProgressivo(String(r.json['progressivo_invio'])) ?? -1)
      }
      expect(seq).toEqual([seq[0], (seq[0] ?? 0) + 1, (seq[0] ?? 0) + 2])
      const other = await h.call('POST', '/fatturapa/genera', {
        ...as(),
        body: { ...SEED_INVOICE, trasmittente: { id_paese: 'IT', id_codice: '00341620508' } },
      })
      expect(other.json['file_name']).toMatch(/^IT00341620508_[0-9A-Z]{5}\.xml$/)
      const again = await h.call('POST', '/fatturapa/genera', { ...as(), body: SEED_INVOICE })
      expect(parseProgressivo(String(again.json['progressivo_invio']))).toBe((seq[0] ?? 0) + 3)
    })

    it("genera: refuses the seed's own cessionario P.IVA 12345678901 (wrong check digit) with 422 and the finding, consuming no number", async () => {
      const { h, as } = await setup()
      const before = await h.call('POST', '/fatturapa/genera', { ...as(), body: SEED_INVOICE })
      const bad = { ...SEED_INVOICE, cessionario: { ...SEED_INVOICE.cessionario, piva: '12345678901' } }
      const r = await h.call('POST', '/fatturapa/genera', { ...as(), body: bad })
      expect(r.status).toBe(422)
      expect(r.json).toMatchObject({ success: false, code: 'invoice_invalid' })
      expectDeclared(generaRoute, 422, r.json)
      const errors = r.json['errors'] as unknown as Issue[]
      const piva = errors.find((e) => e.xpath.includes('CessionarioCommittente'))
      expect(piva?.message_en).toMatch(/check digit/i)
      expect(piva?.message).toEqual(expect.any(String))
      const next = await h.call('POST', '/fatturapa/genera', { ...as(), body: SEED_INVOICE })
      expect(parseProgressivo(String(next.json['progressivo_invio']))).toBe(
        (parseProgressivo(String(before.json['progressivo_invio'])) ?? 0) + 1,
      )
    })

    it('genera: 400 for a body that is not an invoice, 401 without credentials, 403 for a viewer', async () => {
      const { h, as } = await setup()
      const noLines = await h.call('POST', '/fatturapa/genera', { ...as(), body: { ...SEED_INVOICE, righe: [] } })
      expect(noLines.status).toBe(400)
      expect(noLines.json).toMatchObject({ success: false, code: 'validation' })
      expect(String(noLines.json['error'])).toContain('righe')
      const badPrice = await h.call('POST', '/fatturapa/genera', {
        ...as(),
        body: { ...SEED_INVOICE, righe: [{ descrizione: 'x', prezzo_unitario: '1,50', aliquota_iva: 22 }] },
      })
      expect(badPrice.status).toBe(400)
      expect((await h.call('POST', '/fatturapa/genera', { body: SEED_INVOICE })).status).toBe(401)
      const viewer = await h.call('POST', '/fatturapa/genera', { ...as('viewer'), body: SEED_INVOICE })
      expect(viewer.status).toBe(403)
      expect(viewer.json).toMatchObject({ success: false, code: 'auth.insufficient_role' })
    })

    it('valida: an official sample breaking 00422 is invalid, with the SDI code and XPath', async () => {
      const { h, as } = await setup()
      const r = await h.call('POST', '/fatturapa/valida', { ...as('viewer'), body: { xml_base64: b64(samples.fpr03) } })
      expect(r.status).toBe(200)
      expect(r.json['valid']).toBe(false)
      const errors = r.json['errors'] as unknown as Issue[]
      expect(errors).toContainEqual(
        expect.objectContaining({ layer: 'sdi', code: '00422', xpath: expect.stringContaining('/DatiRiepilogo[1]/ImponibileImporto') }),
      )
      expect(errors.some((e) => e.layer === 'identifier')).toBe(true)
      expectDeclared(validaRoute, 200, r.json)
    })

    it('valida: hostile XML is refused without expansion; bad base64 is a 400', async () => {
      const { h, as } = await setup()
      const r = await h.call('POST', '/fatturapa/valida', { ...as('viewer'), body: { xml_base64: b64(samples.billionLaughs) } })
      expect(r.status).toBe(200)
      expect(r.json['valid']).toBe(false)
      expect((r.json['errors'] as unknown as Issue[])[0]).toMatchObject({ layer: 'xml', code: 'XML-DOCTYPE' })
      const bad = await h.call('POST', '/fatturapa/valida', { ...as('viewer'), body: { xml_base64: 'not base64!' } })
      expect(bad.status).toBe(400)
      expect(bad.json).toMatchObject({ success: false, code: 'validation' })
      expect(String(bad.json['error'])).toContain('xml_base64')
    })

    it('render: HTML by default, PDF on request; a document failing the schema is a 422', async () => {
      const { h, as } = await setup()
      const made = await h.call('POST', '/fatturapa/genera', { ...as(), body: SEED_INVOICE })
      const xml64 = String(made.json['xml_base64'])
      const html = await h.call('POST', '/fatturapa/render', { ...as('viewer'), body: { xml_base64: xml64 } })
      expect(html.status).toBe(200)
      expect(html.res.headers.get('content-type')).toMatch(/^text\/html/)
      expect(html.res.headers.get('x-fattura-issues')).toBe('0')
      expect(html.text).toContain('Fattura (TD01) n. FT-2026-0001-01')
      expect(html.text).toContain('TechnoSteel S.r.l.')
      const pdf = await h.call('POST', '/fatturapa/render', { ...as('viewer'), body: { xml_base64: xml64, format: 'pdf' } })
      expect(pdf.status).toBe(200)
      expect(pdf.res.headers.get('content-type')).toBe('application/pdf')
      expect(pdf.text.startsWith('%PDF-')).toBe(true)
      const broken = unb64(xml64).replace('<Imposta>33.00</Imposta>', '<Imposta>33.0</Imposta>')
      const r = await h.call('POST', '/fatturapa/render', { ...as('viewer'), body: { xml_base64: b64(broken) } })
      expect(r.status).toBe(422)
      expect((r.json['errors'] as unknown as Issue[])[0]).toMatchObject({ layer: 'xsd', xpath: expect.stringContaining('/Imposta') })
      // A sample with SDI findings still renders, and says how many.
      const sample = await h.call('POST', '/fatturapa/render', { ...as('viewer'), body: { xml_base64: b64(samples.fpr03) } })
      expect(sample.status).toBe(200)
      expect(Number(sample.res.headers.get('x-fattura-issues'))).toBeGreaterThan(0)
    })
  })
}
