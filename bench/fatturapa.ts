/**
 * FatturaPA throughput on one core (one Node thread, no I/O): typical invoices (the seed's one-line
 * invoice, and one of 5 lines with three VAT cases and payment terms) built, numbered, rendered and fully validated (safe reader, XSD 1.2.2 with
 * xmldsig, SDI content checks, identifiers) exactly as POST /fatturapa/genera does, with the
 * ProgressivoInvio sequence in memory; and full validation of a 1 MB invoice. Goal (issue 6):
 * at least 1,000 typical invoices generated and validated per second.
 * Run on its own: `node bench/fatturapa.ts [seconds]`.
 * @module
 */

import { createInvoiceGenerator } from '../adapters/fatturapa/generator.ts'
import { createNodeXsdValidator } from '../adapters/fatturapa/xsd/node.ts'
import type { InvoiceInput } from '../core/fatturapa/input.ts'
import { validateFatturaXml } from '../core/fatturapa/validate.ts'
import { issueInvoice } from '../core/use-cases/issue-invoice.ts'
import { seedInvoiceInput } from '../test/fixtures/fatturapa/inputs.ts'
import { oneMegabyteInvoice } from './xsd.ts'

export type Throughput = { readonly perSec: number; readonly msEach: number; readonly invoices: number; readonly xmlBytes: number }

export type FatturapaBench = {
  /** The seed's invoice: one line (a €150 package at 22%), PEC delivery. */
  readonly seed: Throughput
  /** Five lines, three VAT cases (22%, 4%, N1), a causale and payment terms. */
  readonly fiveLines: Throughput
  readonly oneMbBytes: number
  readonly oneMbMs: number
  readonly oneMbRuns: number
}

/** The invoice of seed 000 ("Genera XML FatturaPA"), numbered. */
export const seedInvoice = (n: number): InvoiceInput =>
  seedInvoiceInput({ numero: `FT-2026-${String(n).padStart(4, '0')}-01`, data: '2026-11-23' })

export function typicalInvoice(n: number): InvoiceInput {
  return {
    formato: 'FPR12',
    tipoDocumento: 'TD01',
    numero: `FT-2026-${String(n).padStart(6, '0')}`,
    data: '2026-11-23',
    causale: 'Servizi di onboarding 231 Agile — novembre 2026',
    cedente: {
      denominazione: '231 Agile S.r.l.',
      partitaIva: '07776161213',
      regimeFiscale: 'RF01',
      sede: { indirizzo: 'Via Roma', numeroCivico: '1', cap: '80100', comune: 'Napoli', provincia: 'NA' },
      contatti: { email: 'fatture@agile.example.it' },
    },
    cessionario: {
      denominazione: 'TechnoSteel S.r.l.',
      partitaIva: '12345678903',
      sede: { indirizzo: 'Via Industria', numeroCivico: '42', cap: '20100', comune: 'Milano', provincia: 'MI' },
      codiceDestinatario: 'M5UXCR1',
    },
    righe: [
      { descrizione: 'Pacchetto Onboarding 231 #1', quantita: 1, prezzoUnitario: '150.00', aliquotaIva: 22 },
      { descrizione: 'Formazione ODV (ore)', quantita: '3.5', unitaMisura: 'ore', prezzoUnitario: '80.00', aliquotaIva: 22 },
      { descrizione: 'Licenza piattaforma, canone mensile', quantita: 1, prezzoUnitario: '49.90', aliquotaIva: 22 },
      { descrizione: 'Manuale stampato', quantita: 2, prezzoUnitario: '12.345', aliquotaIva: 4 },
      { descrizione: 'Spese anticipate in nome e per conto', quantita: 1, prezzoUnitario: '16.00', aliquotaIva: 0, natura: 'N1' },
    ],
    pagamento: {
      condizioni: 'TP02',
      dettagli: [{ modalita: 'MP05', scadenza: '2026-12-23', iban: 'IT60X0542811101000000123456' }],
    },
  }
}

/** `only: 'fiveLines'` measures the 5-line invoice alone (bench/profile-fatturapa.ts); the other figures are then 0. */
export async function benchFatturapa(seconds = 5, options: { readonly only?: 'fiveLines' } = {}): Promise<FatturapaBench> {
  const xsd = await createNodeXsdValidator()
  let seq = 0
  const deps = {
    sequence: { next: async () => ++seq },
    generator: createInvoiceGenerator(),
    xsd: async () => xsd,
  }
  async function measure(make: (n: number) => InvoiceInput): Promise<Throughput> {
    // Warm-up (JIT: 300 invoices were not enough, a cold process measured about half the warm rate), for 1 s and at
    // least 300 invoices; and proof that the invoice is valid (a refused one would be measuring errors).
    let xmlBytes = 0
    const warmUntil = performance.now() + 1000
    for (let i = 0; i < 300 || performance.now() < warmUntil; i++) {
      const r = await issueInvoice(make(i), { today: '2026-11-23' }, deps)
      if (!r.ok) throw new Error(`bench invoice refused: ${JSON.stringify(r.issues[0])}`)
      xmlBytes = new TextEncoder().encode(r.xml).length
    }
    const t0 = performance.now()
    const deadline = t0 + seconds * 1000
    let n = 0
    while (performance.now() < deadline) {
      const r = await issueInvoice(make(n), { today: '2026-11-23' }, deps)
      if (!r.ok) throw new Error('bench invoice refused')
      n++
    }
    const elapsed = performance.now() - t0
    return { perSec: Math.round((n * 1000) / elapsed), msEach: elapsed / n, invoices: n, xmlBytes }
  }
  const none: Throughput = { perSec: 0, msEach: 0, invoices: 0, xmlBytes: 0 }
  if (options.only === 'fiveLines') return { seed: none, fiveLines: await measure(typicalInvoice), oneMbBytes: 0, oneMbMs: 0, oneMbRuns: 0 }
  const seed = await measure(seedInvoice)
  const fiveLines = await measure(typicalInvoice)

  const big = oneMegabyteInvoice()
  const first = await validateFatturaXml(big, { xsd })
  if (first.issues.some((i) => i.layer === 'xml' || i.layer === 'xsd')) throw new Error('1 MB invoice is not schema-valid')
  const runs = 10
  const b0 = performance.now()
  for (let i = 0; i < runs; i++) await validateFatturaXml(big, { xsd })
  const bigMs = (performance.now() - b0) / runs

  return {
    seed,
    fiveLines,
    oneMbBytes: new TextEncoder().encode(big).length,
    oneMbMs: bigMs,
    oneMbRuns: runs,
  }
}

if (import.meta.main) {
  const r = await benchFatturapa(Number(process.argv[2] ?? 5))
  const line = (name: string, t: Throughput) =>
    `${name} (${t.xmlBytes} bytes): ${t.perSec}/s generated and fully validated (${t.msEach.toFixed(3)} ms each, ${t.invoices} invoices)\n`
  console.log(
    line('seed invoice, 1 line', r.seed) +
      line('5-line invoice', r.fiveLines) +
      `1 MB invoice (${r.oneMbBytes} bytes): ${r.oneMbMs.toFixed(1)} ms per full validation (${r.oneMbRuns} runs)`,
  )
}
