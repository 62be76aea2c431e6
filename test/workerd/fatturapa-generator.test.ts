import { describe, expect, it } from 'vitest'
import { createInvoiceGenerator } from '../../adapters/fatturapa/generator.ts'
import { readInvoice } from '../../adapters/fatturapa/reader.ts'
import { createEdgeXsdValidator, edgeXmlReader } from '../../adapters/fatturapa/xsd/edge.ts'
import { buildInvoice } from '../../core/fatturapa/build.ts'
import { formatProgressivo } from '../../core/fatturapa/file-name.ts'
import { seedInvoiceInput } from '../fixtures/fatturapa/inputs.ts'

describe('FatturaPA generation inside workerd', () => {
  it('builds, renders (xmlbuilder2), reads back and passes the XSD in the Workers runtime', async () => {
    const r = buildInvoice({
      ...seedInvoiceInput(),
      righe: [
        { descrizione: '231 Agile — Pacchetto Onboarding #1', quantita: 1, prezzoUnitario: 150.0, aliquotaIva: 22 },
        { descrizione: 'Ore & “extra”', quantita: '2.12345678', prezzoUnitario: '10.5', aliquotaIva: 10 },
      ],
    })
    if (!r.ok) throw new Error(JSON.stringify(r.issues))
    expect(r.warnings.map((w) => w.code)).toEqual(['TEXT-TRANSLITERATED', 'TEXT-TRANSLITERATED'])
    const out = createInvoiceGenerator().render(r.invoice, { progressivoInvio: formatProgressivo(42) })
    expect(out.fileName).toBe('IT07776161213_00016.xml')
    expect(out.xml).toContain('<Descrizione>231 Agile - Pacchetto Onboarding #1</Descrizione>')
    expect(out.xml).toContain('<Descrizione>Ore &amp; "extra"</Descrizione>')
    expect(out.xml).toContain('<Quantita>2.12345678</Quantita>')
    expect(out.xml).toContain('<ImponibileImporto>22.30</ImponibileImporto>') // 2.12345678 × 10.5 = 22.296… → 22.30
    expect(out.xml).toContain('<Imposta>2.23</Imposta>')
    const back = readInvoice(out.xml, edgeXmlReader)
    expect(back.ok && back.invoice.bodies[0]?.datiBeniServizi.dettaglioLinee[1]?.descrizione).toBe('Ore & "extra"')
    const xsd = await createEdgeXsdValidator()
    expect(await xsd.validate(out.xml)).toEqual([])
    expect((await xsd.validate(out.xml.replace('<Divisa>EUR</Divisa>', ''))).length).toBeGreaterThan(0)
  })

  it('refuses the seed cessionario P.IVA 12345678901 inside workerd too', () => {
    const r = buildInvoice({
      formato: 'FPR12',
      tipoDocumento: 'TD01',
      numero: '1',
      data: '2026-03-01',
      cedente: {
        partitaIva: '07776161213',
        denominazione: 'A',
        regimeFiscale: 'RF01',
        sede: { indirizzo: 'Via Roma 1', cap: '80100', comune: 'Napoli' },
      },
      cessionario: { denominazione: 'B', partitaIva: '12345678901', sede: { indirizzo: 'Via 2', cap: '20100', comune: 'Milano' } },
      righe: [{ descrizione: 'x', prezzoUnitario: 1, aliquotaIva: 22 }],
    })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.issues.map((i) => i.code)).toContain('ID-PIVA')
  })
})
