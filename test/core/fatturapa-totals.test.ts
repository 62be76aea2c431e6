import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildInvoice } from '../../core/fatturapa/build.ts'
import { dec, fmt2, fmt8, format, parseDec, round } from '../../core/fatturapa/decimal.ts'
import type { InvoiceInput, LineInput } from '../../core/fatturapa/input.ts'
import type { Invoice } from '../../core/fatturapa/model.ts'
import { lineTotal, percentage, vatSummary } from '../../core/fatturapa/totals.ts'

// ---- an independent checker: SDI's formulas on the output strings, with exact fractions ----
type Frac = { n: bigint; d: bigint }
const frac = (s: string): Frac => {
  const [i = '0', f = ''] = s.replace('-', '').split('.')
  const sign = s.startsWith('-') ? -1n : 1n
  return { n: sign * BigInt(i + f), d: 10n ** BigInt(f.length) }
}
const fadd = (a: Frac, b: Frac): Frac => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d })
const fmul = (a: Frac, b: Frac): Frac => ({ n: a.n * b.n, d: a.d * b.d })
const fsub = (a: Frac, b: Frac): Frac => fadd(a, { n: -b.n, d: b.d })
/** |a| ≤ cents/100 */
const within = (a: Frac, cents: bigint): boolean => (a.n < 0n ? -a.n : a.n) * 100n <= cents * a.d
/** Round half-up to cents, as SDI describes for 00421. */
const roundCents = (a: Frac): Frac => {
  const neg = a.n < 0n
  const n = (neg ? -a.n : a.n) * 100n
  let q = n / a.d
  if ((n % a.d) * 2n >= a.d) q += 1n
  return { n: neg ? -q : q, d: 100n }
}

/** Every SDI amount check we can recompute offline (00421, 00422, 00423), exactly: returns the failures. */
function sdiAmountFailures(invoice: Invoice): string[] {
  const out: string[] = []
  for (const body of invoice.bodies) {
    const byKey = new Map<string, Frac>()
    for (const l of body.datiBeniServizi.dettaglioLinee) {
      let unit = frac(l.prezzoUnitario)
      for (const s of l.scontoMaggiorazione ?? []) {
        const delta =
          s.percentuale !== undefined ? fmul(unit, { n: frac(s.percentuale).n, d: frac(s.percentuale).d * 100n }) : frac(s.importo ?? '0')
        unit = s.tipo === 'SC' ? fsub(unit, delta) : fadd(unit, delta)
      }
      const expected = fmul(unit, frac(l.quantita ?? '1'))
      if (!within(fsub(frac(l.prezzoTotale), expected), 1n)) out.push(`00423 line ${l.numeroLinea}`)
      if (!/^-?\d{1,11}\.\d{2,8}$/.test(l.prezzoTotale)) out.push(`format PrezzoTotale ${l.prezzoTotale}`)
      const key = `${frac(l.aliquotaIva).n * (100n / frac(l.aliquotaIva).d)}|${l.natura ?? ''}`
      byKey.set(key, fadd(byKey.get(key) ?? { n: 0n, d: 1n }, frac(l.prezzoTotale)))
    }
    for (const c of body.datiGenerali.datiGeneraliDocumento.datiCassaPrevidenziale ?? []) {
      const key = `${frac(c.aliquotaIva).n * (100n / frac(c.aliquotaIva).d)}|${c.natura ?? ''}`
      byKey.set(key, fadd(byKey.get(key) ?? { n: 0n, d: 1n }, frac(c.importoContributoCassa)))
    }
    for (const r of body.datiBeniServizi.datiRiepilogo) {
      const key = `${frac(r.aliquotaIva).n * (100n / frac(r.aliquotaIva).d)}|${r.natura ?? ''}`
      const lines = byKey.get(key)
      if (!lines) out.push(`00443/00444 riepilogo ${key} without lines`)
      else if (!within(fsub(fadd(lines, frac(r.arrotondamento ?? '0')), frac(r.imponibileImporto)), 100n)) out.push(`00422 ${key}`)
      byKey.delete(key)
      const tax = roundCents(fmul(frac(r.aliquotaIva), { n: frac(r.imponibileImporto).n, d: frac(r.imponibileImporto).d * 100n }))
      if (!within(fsub(frac(r.imposta), tax), 1n)) out.push(`00421 ${key}`)
      if (!/^-?\d{1,11}\.\d{2}$/.test(r.imposta) || !/^-?\d{1,11}\.\d{2}$/.test(r.imponibileImporto)) out.push(`format riepilogo ${key}`)
    }
    for (const key of byKey.keys()) out.push(`00419 no riepilogo for ${key}`)
  }
  return out
}

const base: Omit<InvoiceInput, 'righe'> = {
  formato: 'FPR12',
  tipoDocumento: 'TD01',
  numero: '1',
  data: '2026-03-01',
  cedente: {
    partitaIva: '07776161213',
    denominazione: 'Cedente',
    regimeFiscale: 'RF01',
    sede: { indirizzo: 'Via Roma 1', cap: '80100', comune: 'Napoli' },
  },
  cessionario: { partitaIva: '12345678903', denominazione: 'Cliente', sede: { indirizzo: 'Via Milano 2', cap: '20100', comune: 'Milano' } },
}

function build(righe: LineInput[], over: Partial<InvoiceInput> = {}): Invoice {
  const r = buildInvoice({ ...base, righe, ...over })
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1))
  return r.invoice
}

describe('decimal', () => {
  it('parses decimal strings and JS numbers exactly, refusing exponents and junk', () => {
    expect(parseDec('150.00')).toEqual({ units: 15000n, scale: 2 })
    expect(parseDec(0.1)).toEqual({ units: 1n, scale: 1 })
    expect(parseDec(150.5)).toEqual({ units: 1505n, scale: 1 })
    expect(parseDec('-0.005')).toEqual({ units: -5n, scale: 3 })
    expect(parseDec('1e3')).toBeNull()
    expect(parseDec('12,50')).toBeNull()
    expect(parseDec(Number.NaN)).toBeNull()
    expect(parseDec('')).toBeNull()
  })

  it('rounds half-up, away from zero', () => {
    expect(fmt2(round(dec('0.125'), 2))).toBe('0.13')
    expect(fmt2(round(dec('0.124999'), 2))).toBe('0.12')
    expect(fmt2(round(dec('-0.125'), 2))).toBe('-0.13')
    expect(fmt2(round(dec('2.675'), 2))).toBe('2.68') // 2.67 with floats
    expect(fmt2(dec('1.005'))).toBe('1.01') // 1.00 with Math.round(1.005 * 100)
  })

  it('formats 2 decimals for amounts and 2–8 for quantities and unit prices', () => {
    expect(fmt2(dec('22'))).toBe('22.00')
    expect(fmt8(dec('1'))).toBe('1.00')
    expect(fmt8(dec('1.50000000'))).toBe('1.50')
    expect(fmt8(dec('0.12345678'))).toBe('0.12345678')
    expect(fmt8(dec('0.123456789'))).toBe('0.12345679')
    expect(format(dec('-0.5'), 2, 2)).toBe('-0.50')
    expect(fmt2(dec('99999999999.99'))).toBe('99999999999.99')
  })
})

describe('line totals (00423)', () => {
  it('multiplies exactly and rounds the line to cents', () => {
    expect(fmt2(lineTotal(dec('0.33333333'), dec('3')))).toBe('1.00')
    expect(fmt2(lineTotal(dec('1.23456789'), dec('2.5')))).toBe('3.09') // 3.086419725
    expect(fmt2(lineTotal(dec('0.00000001'), dec('12345678.12345678')))).toBe('0.12')
    expect(fmt2(lineTotal(dec('150'), undefined))).toBe('150.00')
    expect(fmt2(lineTotal(dec('-20'), dec('1')))).toBe('-20.00')
  })

  it('applies discounts and surcharges in order, per unit', () => {
    // 100 − 10% = 90, − 5% = 85.50, × 3 = 256.50
    expect(
      fmt2(
        lineTotal(dec('100'), dec('3'), [
          { tipo: 'SC', percentuale: dec('10') },
          { tipo: 'SC', percentuale: dec('5') },
        ]),
      ),
    ).toBe('256.50')
    // (10 + 1.5 per unit) × 2 = 23.00
    expect(fmt2(lineTotal(dec('10'), dec('2'), [{ tipo: 'MG', importo: dec('1.5') }]))).toBe('23.00')
    // 9.99 − 33.33% = 6.660333, × 7 = 46.622331 → 46.62
    expect(fmt2(lineTotal(dec('9.99'), dec('7'), [{ tipo: 'SC', percentuale: dec('33.33') }]))).toBe('46.62')
  })
})

describe('VAT summary (00421, 00422)', () => {
  it('groups per rate and natura in order of first use, Imposta half-up on the group', () => {
    const rows = vatSummary([
      { aliquota: dec('22'), amount: dec('0.25') },
      { aliquota: dec('10'), amount: dec('1.15') },
      { aliquota: dec('0'), natura: 'N4', amount: dec('50') },
      { aliquota: dec('22'), amount: dec('0.25') },
      { aliquota: dec('0'), natura: 'N2.2', amount: dec('10') },
    ])
    expect(rows.map((r) => [fmt2(r.aliquota), r.natura, fmt2(r.imponibile), fmt2(r.imposta)])).toEqual([
      ['22.00', undefined, '0.50', '0.11'],
      ['10.00', undefined, '1.15', '0.12'], // 0.115 → 0.12
      ['0.00', 'N4', '50.00', '0.00'],
      ['0.00', 'N2.2', '10.00', '0.00'],
    ])
  })

  it('computes Imposta on the summed imponibile, not line by line', () => {
    // 3 lines of 0.05 at 22%: per line 0.011 → 0.01 × 3 = 0.03; on the sum 0.15 × 22% = 0.033 → 0.03
    // 7 lines of 0.03 at 22%: per line 0.0066 → 0.01 × 7 = 0.07; on the sum 0.21 × 22% = 0.0462 → 0.05
    const inv = build(Array.from({ length: 7 }, () => ({ descrizione: 'x', prezzoUnitario: '0.03', aliquotaIva: 22 })))
    expect(inv.bodies[0]?.datiBeniServizi.datiRiepilogo[0]).toMatchObject({ imponibileImporto: '0.21', imposta: '0.05' })
    expect(fmt2(percentage(dec('0.21'), dec('22')))).toBe('0.05')
  })

  it('handles many lines with mixed rates, natura, 8-decimal quantities and discounts exactly', () => {
    const rates = ['22', '10', '5', '4', '0']
    const nature = ['N2.2', 'N3.1', 'N4', 'N6.9']
    const righe: LineInput[] = Array.from({ length: 400 }, (_, i) => {
      const aliquotaIva = rates[i % rates.length] as string
      return {
        descrizione: `riga ${i}`,
        quantita: `${(i % 13) + 1}.${String((i * 7919) % 100000000).padStart(8, '0')}`,
        prezzoUnitario: `${(i * 37) % 1000}.${String((i * 104729) % 100000000).padStart(8, '0')}`,
        aliquotaIva,
        ...(aliquotaIva === '0' ? { natura: nature[i % nature.length] as string } : {}),
        ...(i % 3 === 0 ? { sconti: [{ tipo: 'SC' as const, percentuale: '12.5' }] } : {}),
        ...(i % 5 === 1 ? { sconti: [{ tipo: 'MG' as const, importo: '0.12345678' }] } : {}),
      }
    })
    const inv = build(righe)
    expect(sdiAmountFailures(inv)).toEqual([])
    const riepilogo = inv.bodies[0]?.datiBeniServizi.datiRiepilogo ?? []
    expect(riepilogo.map((r) => `${r.aliquotaIva}|${r.natura ?? ''}`)).toEqual([
      '22.00|',
      '10.00|',
      '5.00|',
      '4.00|',
      '0.00|N2.2',
      '0.00|N3.1',
      '0.00|N4',
      '0.00|N6.9',
    ])
    // the totals add up: ImportoTotaleDocumento = Σ imponibile + Σ imposta
    const total = riepilogo.reduce((s, r) => fadd(s, fadd(frac(r.imponibileImporto), frac(r.imposta))), { n: 0n, d: 1n })
    expect(within(fsub(total, frac(inv.bodies[0]?.datiGenerali.datiGeneraliDocumento.importoTotaleDocumento ?? '')), 0n)).toBe(true)
  })

  it('the checker itself catches a wrong Imposta, a wrong imponibile and a wrong line total', () => {
    const inv = build([{ descrizione: 'x', quantita: 3, prezzoUnitario: '10.10', aliquotaIva: 22 }])
    const body = inv.bodies[0]
    if (!body) throw new Error('no body')
    const tamper = (line: object, riep: object): Invoice => ({
      ...inv,
      bodies: [
        {
          ...body,
          datiBeniServizi: {
            dettaglioLinee: [
              { ...(body.datiBeniServizi.dettaglioLinee[0] as NonNullable<(typeof body.datiBeniServizi.dettaglioLinee)[0]>), ...line },
            ],
            datiRiepilogo: [
              { ...(body.datiBeniServizi.datiRiepilogo[0] as NonNullable<(typeof body.datiBeniServizi.datiRiepilogo)[0]>), ...riep },
            ],
          },
        },
      ],
    })
    expect(sdiAmountFailures(inv)).toEqual([])
    // 30.30 × 22% = 6.666 → 6.67: SDI tolerates one cent (6.68), not two
    expect(sdiAmountFailures(tamper({}, { imposta: '6.68' }))).toEqual([])
    expect(sdiAmountFailures(tamper({}, { imposta: '6.69' }))).toEqual(['00421 2200|'])
    expect(sdiAmountFailures(tamper({}, { imponibileImporto: '31.31', imposta: '6.89' }))).toEqual(['00422 2200|'])
    expect(sdiAmountFailures(tamper({ prezzoTotale: '30.32' }, {}))).toContain('00423 line 1')
  })

  it('property: any accepted set of lines passes SDI 00421/00422/00423 exactly', () => {
    const decimalString = (maxInt: number, decimals: number) =>
      fc
        .tuple(fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: 10 ** decimals - 1 }))
        .map(([i, f]) => `${i}.${String(f).padStart(decimals, '0')}`)
    const line = fc.record({
      descrizione: fc.constant('riga'),
      quantita: fc.option(decimalString(100000, 8), { nil: undefined }),
      prezzoUnitario: decimalString(100000, 8),
      aliquotaIva: fc.constantFrom('22', '10', '5', '4', '0', '8.5'),
      sconto: fc.option(
        fc.oneof(
          fc.record({ tipo: fc.constantFrom('SC' as const, 'MG' as const), percentuale: decimalString(99, 2) }),
          fc.record({ tipo: fc.constant('MG' as const), importo: decimalString(10, 8) }),
        ),
        { nil: undefined },
      ),
    })
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), (lines) => {
        const righe: LineInput[] = lines.map((l) => ({
          descrizione: l.descrizione,
          prezzoUnitario: l.prezzoUnitario,
          aliquotaIva: l.aliquotaIva,
          ...(l.quantita !== undefined && l.quantita !== '0.00000000' ? { quantita: l.quantita } : {}),
          ...(l.aliquotaIva === '0' ? { natura: 'N4' } : {}),
          ...(l.sconto ? { sconti: [l.sconto] } : {}),
        }))
        const r = buildInvoice({ ...base, righe })
        if (!r.ok) return true // refused inputs are tested elsewhere
        expect(sdiAmountFailures(r.invoice)).toEqual([])
        return true
      }),
      { numRuns: 300, seed: 20261123 },
    )
  })
})

describe('cassa previdenziale, ritenuta, bollo, split payment', () => {
  it('TD06 parcella: cassa 4% joins the 22% summary, ritenuta 20% on the fees, payment is the net due', () => {
    const inv = build([{ descrizione: 'Consulenza', prezzoUnitario: '1000', aliquotaIva: 22, ritenuta: true }], {
      tipoDocumento: 'TD06',
      casse: [{ tipo: 'TC22', alCassa: 4, aliquotaIva: 22 }],
      ritenute: [{ tipo: 'RT01', aliquota: 20, causalePagamento: 'A' }],
      pagamento: { condizioni: 'TP02', dettagli: [{ modalita: 'MP05', iban: 'IT60X0542811101000000123456' }] },
    })
    const body = inv.bodies[0]
    const dgd = body?.datiGenerali.datiGeneraliDocumento
    expect(dgd?.datiCassaPrevidenziale).toEqual([
      { tipoCassa: 'TC22', alCassa: '4.00', importoContributoCassa: '40.00', imponibileCassa: '1000.00', aliquotaIva: '22.00' },
    ])
    expect(dgd?.datiRitenuta).toEqual([
      { tipoRitenuta: 'RT01', importoRitenuta: '200.00', aliquotaRitenuta: '20.00', causalePagamento: 'A' },
    ])
    expect(body?.datiBeniServizi.datiRiepilogo).toEqual([
      { aliquotaIva: '22.00', imponibileImporto: '1040.00', imposta: '228.80', esigibilitaIva: 'I' },
    ])
    expect(dgd?.importoTotaleDocumento).toBe('1268.80')
    expect(body?.datiPagamento?.[0]?.dettaglioPagamento[0]?.importoPagamento).toBe('1068.80')
    expect(body?.datiBeniServizi.dettaglioLinee[0]?.ritenuta).toBe('SI')
    expect(sdiAmountFailures(inv)).toEqual([])
  })

  it('a cassa subject to ritenuta adds its contribution to the withholding base', () => {
    const inv = build([{ descrizione: 'x', prezzoUnitario: '1000', aliquotaIva: 22 }], {
      casse: [{ tipo: 'TC04', alCassa: 4, aliquotaIva: 22, ritenuta: true }],
      ritenute: [{ tipo: 'RT01', aliquota: 20, causalePagamento: 'A' }],
    })
    // no line flagged: every line is subject; base 1000 + 40 = 1040 → 208.00
    expect(inv.bodies[0]?.datiGenerali.datiGeneraliDocumento.datiRitenuta?.[0]?.importoRitenuta).toBe('208.00')
  })

  it('bollo virtuale €2.00 only when amounts outside VAT exceed €77.47', () => {
    const n4 = (amount: string) => [{ descrizione: 'esente', prezzoUnitario: amount, aliquotaIva: 0, natura: 'N4' }]
    expect(build(n4('77.47')).bodies[0]?.datiGenerali.datiGeneraliDocumento.datiBollo).toBeUndefined()
    expect(build(n4('77.48')).bodies[0]?.datiGenerali.datiGeneraliDocumento.datiBollo).toEqual({
      bolloVirtuale: 'SI',
      importoBollo: '2.00',
    })
    expect(build(n4('77.48'), { bollo: false }).bodies[0]?.datiGenerali.datiGeneraliDocumento.datiBollo).toBeUndefined()
    expect(build(n4('10'), { bollo: true }).bodies[0]?.datiGenerali.datiGeneraliDocumento.datiBollo).toBeDefined()
    // exports and reverse charge do not count
    const export_ = [{ descrizione: 'export', prezzoUnitario: '1000', aliquotaIva: 0, natura: 'N3.1' }]
    expect(build(export_).bodies[0]?.datiGenerali.datiGeneraliDocumento.datiBollo).toBeUndefined()
    // two exempt groups add up: 40 (N2.2) + 40 (N4) = 80 > 77.47
    const mixed = [
      { descrizione: 'a', prezzoUnitario: '40', aliquotaIva: 0, natura: 'N2.2' },
      { descrizione: 'b', prezzoUnitario: '40', aliquotaIva: 0, natura: 'N4' },
      { descrizione: 'c', prezzoUnitario: '1000', aliquotaIva: 22 },
    ]
    expect(build(mixed).bodies[0]?.datiGenerali.datiGeneraliDocumento.datiBollo?.importoBollo).toBe('2.00')
  })

  it('document-level discounts change ImportoTotaleDocumento and the amount due, not the VAT summary (00437 without a value)', () => {
    const inv = build([{ descrizione: 'a', prezzoUnitario: '100', aliquotaIva: 22 }], {
      scontiDocumento: [
        { tipo: 'SC', percentuale: 10 },
        { tipo: 'MG', importo: '0.30' },
      ],
      pagamento: { condizioni: 'TP02', dettagli: [{ modalita: 'MP05' }] },
    })
    const body = inv.bodies[0]
    expect(body?.datiBeniServizi.datiRiepilogo[0]).toMatchObject({ imponibileImporto: '100.00', imposta: '22.00' })
    expect(body?.datiGenerali.datiGeneraliDocumento.scontoMaggiorazione).toEqual([
      { tipo: 'SC', percentuale: '10.00' },
      { tipo: 'MG', importo: '0.30' },
    ])
    // 122.00 − 10% = 109.80, + 0.30 = 110.10
    expect(body?.datiGenerali.datiGeneraliDocumento.importoTotaleDocumento).toBe('110.10')
    expect(body?.datiPagamento?.[0]?.dettaglioPagamento[0]?.importoPagamento).toBe('110.10')
    const r = buildInvoice({
      ...base,
      righe: [{ descrizione: 'a', prezzoUnitario: 1, aliquotaIva: 22 }],
      scontiDocumento: [{ tipo: 'SC' }],
    })
    expect(!r.ok && r.issues.map((i) => i.code)).toContain('00437')
  })

  it('split payment (S): natura rows carry no EsigibilitaIVA (00420) and the VAT is not in the amount due', () => {
    const inv = build(
      [
        { descrizione: 'a', prezzoUnitario: '100', aliquotaIva: 22 },
        { descrizione: 'b', prezzoUnitario: '50', aliquotaIva: 0, natura: 'N6.9' },
      ],
      { esigibilitaIva: 'S', pagamento: { condizioni: 'TP02', dettagli: [{ modalita: 'MP05' }] } },
    )
    const rows = inv.bodies[0]?.datiBeniServizi.datiRiepilogo ?? []
    expect(rows[0]?.esigibilitaIva).toBe('S')
    expect(rows[1]?.esigibilitaIva).toBeUndefined()
    expect(inv.bodies[0]?.datiPagamento?.[0]?.dettaglioPagamento[0]?.importoPagamento).toBe('150.00')
  })
})
