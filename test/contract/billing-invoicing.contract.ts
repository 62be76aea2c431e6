/**
 * The BillingRepo contract, invoice half (run by ./billing-storage.contract.ts): the gapless yearly
 * invoice number (null before payment, kept once assigned, twenty concurrent calls from two
 * connections over ten packages take 0001..0010 with no gap, a new year restarts, past 9999 it
 * throws and changes nothing), the invoice stored once and never overwritten by a later failure,
 * the SDI link set once, the reconciler's list of unfinished packages, and the settings.
 * @module
 */

import { expect, it } from 'vitest'
import { invoiceNumber, type PackageNumber } from '../../core/billing/model.ts'
import type { StoredSetting } from '../../ports/billing-repo.port.ts'
import { type billingSetup, byCard, freshYear, later, NUMBERS } from './billing-storage.harness.ts'

const invoice = (tag: string) => ({
  xml: `<FatturaElettronica>${tag} àèì €</FatturaElettronica>`,
  hash: 'a'.repeat(64),
  fileName: `IT01234567890_${tag}.xml`,
  at: later(500),
})

/** The sequence part of `FT-<year>-<nnnn>-<nn>`. */
const sequenceOf = (numero: string | null) => Number(numero?.split('-')[2])

export function runBillingInvoicingContract(setup: () => ReturnType<typeof billingSetup>) {
  it('assigns an invoice number only to a paid package, once; the same number comes back whatever the year', async () => {
    const { s, a, b, pkg } = await setup()
    const year = freshYear()
    expect(await s.repo.assignInvoiceNumber(a, 1, year)).toBeNull()
    await s.repo.markProcessing(a, 1, 'cs_p', later(1))
    expect(await s.repo.assignInvoiceNumber(a, 1, year)).toBeNull()
    expect(await s.repo.markPaid(a, 1, byCard(later(2)))).toBe('paid')
    const first = invoiceNumber(year, 1, 1)
    expect(await s.repo.assignInvoiceNumber(a, 1, year)).toBe(first)
    expect(await s.repo.assignInvoiceNumber(a, 1, year)).toBe(first)
    expect(await s.repo.assignInvoiceNumber(a, 1, year + 1)).toBe(first)
    expect(await pkg(a, 1)).toMatchObject({ fatturaNumero: first, invoiceState: 'none' })
    // One series for every tenant; the package number is the last part.
    await s.repo.markPaid(b, 7, byCard(later(3)))
    expect(await s.repo.assignInvoiceNumber(b, 7, year)).toBe(invoiceNumber(year, 2, 7))
    // A new year restarts at 0001.
    await s.repo.markPaid(a, 2, byCard(later(4)))
    expect(await s.repo.assignInvoiceNumber(a, 2, year + 1)).toBe(invoiceNumber(year + 1, 1, 2))
    expect(await s.repo.assignInvoiceNumber(crypto.randomUUID(), 1, year)).toBeNull()
  })

  it('twenty concurrent calls over ten paid packages take 0001..0010 with no gap and no repeat, two calls per package agreeing', async () => {
    const { s, a, b } = await setup()
    const year = freshYear()
    const targets: Array<[string, PackageNumber]> = [...NUMBERS.map((n): [string, PackageNumber] => [a, n]), [b, 1], [b, 2]]
    for (const [t, n] of targets) expect(await s.repo.markPaid(t, n, byCard(later(n)))).toBe('paid')
    const calls = [...targets, ...targets].sort(() => Math.random() - 0.5)
    const numeros = await Promise.all(calls.map(([t, n], i) => (i % 2 ? s.other : s.repo).assignInvoiceNumber(t, n, year)))
    const byPackage = new Map<string, Set<string | null>>()
    for (const [i, [t, n]] of calls.entries()) byPackage.set(`${t}/${n}`, (byPackage.get(`${t}/${n}`) ?? new Set()).add(numeros[i] ?? null))
    expect([...byPackage.values()].map((set) => set.size)).toEqual(targets.map(() => 1))
    const distinct = [...new Set(numeros)]
    expect(distinct).toHaveLength(10)
    expect(distinct.map(sequenceOf).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    for (const [t, n] of targets) {
      const numero = [...(byPackage.get(`${t}/${n}`) ?? [])][0] ?? null
      expect(numero).toBe(invoiceNumber(year, sequenceOf(numero), n))
    }
    // The next one follows with no gap.
    await s.repo.markPaid(b, 3, byCard(later(20)))
    expect(await s.repo.assignInvoiceNumber(b, 3, year)).toBe(invoiceNumber(year, 11, 3))
  })

  it('reaches 9999 in a year, then throws rather than give a wrong number, changing nothing', async () => {
    const { s, a, pkg } = await setup()
    const year = freshYear()
    await s.setInvoiceCounter(year, 9998)
    for (const n of [1, 2, 3] as const) await s.repo.markPaid(a, n, byCard(later(n)))
    expect(await s.repo.assignInvoiceNumber(a, 1, year)).toBe(`FT-${year}-9999-01`)
    await expect(s.repo.assignInvoiceNumber(a, 2, year)).rejects.toThrow(/9999/)
    expect((await pkg(a, 2)).fatturaNumero).toBeNull()
    expect(await s.repo.assignInvoiceNumber(a, 1, year)).toBe(`FT-${year}-9999-01`)
    expect(await s.repo.assignInvoiceNumber(a, 3, year + 1)).toBe(invoiceNumber(year + 1, 1, 3))
  })

  it('stores the invoice once, after a number; a failure is recorded but never overwrites an issued invoice', async () => {
    const { s, a, pkg } = await setup()
    await s.repo.markPaid(a, 4, byCard(later(1)))
    expect(await s.repo.storeInvoice(a, 4, invoice('early'))).toBe(false)
    await s.repo.invoiceFailed(a, 4, 'cedente not configured', later(2))
    expect(await pkg(a, 4)).toMatchObject({
      invoiceState: 'failed',
      invoiceError: 'cedente not configured',
      fatturaXml: null,
      updatedAt: later(2),
    })
    const numero = await s.repo.assignInvoiceNumber(a, 4, freshYear())
    const first = invoice('first')
    expect(await s.repo.storeInvoice(a, 4, first)).toBe(true)
    const issued = await pkg(a, 4)
    expect(issued).toMatchObject({
      fatturaNumero: numero,
      invoiceState: 'issued',
      fatturaXml: first.xml,
      fatturaHash: first.hash,
      fatturaFileName: first.fileName,
      fatturaAt: first.at,
      invoiceError: null,
      updatedAt: first.at,
    })
    expect(await s.repo.storeInvoice(a, 4, invoice('second'))).toBe(false)
    await s.repo.invoiceFailed(a, 4, 'late failure', later(900))
    expect(await pkg(a, 4)).toEqual(issued)
    expect(await s.repo.storeInvoice(crypto.randomUUID(), 4, first)).toBe(false)
  })

  it('links the SDI transmission of an issued invoice once; the same link again is no conflict', async () => {
    const { s, a, pkg } = await setup()
    await s.repo.markPaid(a, 6, byCard(later(1)))
    await s.repo.assignInvoiceNumber(a, 6, freshYear())
    expect(await s.repo.setSdi(a, 6, 'SDI-2026-1', later(2))).toBe(false)
    await s.repo.storeInvoice(a, 6, invoice('sdi'))
    const race = await Promise.all([s.repo.setSdi(a, 6, 'SDI-2026-1', later(3)), s.other.setSdi(a, 6, 'SDI-2026-2', later(3))])
    expect(race.filter(Boolean)).toHaveLength(1)
    const linked = race[0] ? 'SDI-2026-1' : 'SDI-2026-2'
    expect((await pkg(a, 6)).sdiId).toBe(linked)
    expect(await s.repo.setSdi(a, 6, linked, later(4))).toBe(true)
    expect(await s.repo.setSdi(a, 6, 'SDI-2026-3', later(4))).toBe(false)
    expect((await pkg(a, 6)).sdiId).toBe(linked)
  })

  it('lists paid packages whose invoice or SDI link is missing, oldest payment first, across tenants', async () => {
    const { s, a, b } = await setup()
    // Paid long ago, so no other case's package comes first.
    const base = new Date('1960-01-01T00:00:00Z').getTime() + Math.floor(Math.random() * 1_000_000) * 1000
    const paidAt = (ms: number) => byCard(new Date(base + ms))
    const year = freshYear()
    await s.repo.markPaid(a, 1, paidAt(3000)) // no invoice yet
    await s.repo.markPaid(a, 2, paidAt(1000)) // issued, not sent
    await s.repo.markPaid(a, 3, paidAt(500)) // issued and sent: finished
    await s.repo.markPaid(b, 1, paidAt(2000)) // invoice failed
    await s.repo.markProcessing(b, 2, 'cs_x', new Date(base)) // not paid
    for (const n of [2, 3] as const) {
      await s.repo.assignInvoiceNumber(a, n, year)
      await s.repo.storeInvoice(a, n, invoice(`u${n}`))
    }
    await s.repo.setSdi(a, 3, 'SDI-X-1', new Date(base))
    await s.repo.invoiceFailed(b, 1, 'boom', new Date(base))
    const keys = async (limit: number, unsent = true) =>
      (await s.repo.listUnfinished(limit, { unsent })).map((p) => `${p.tenantId}/${p.number}`)
    expect(await keys(3)).toEqual([`${a}/2`, `${b}/1`, `${a}/1`])
    expect(await keys(1)).toEqual([`${a}/2`])
    expect(await keys(2, false)).toEqual([`${b}/1`, `${a}/1`])
    expect((await s.repo.listUnfinished(1, { unsent: true }))[0]).toMatchObject({
      invoiceState: 'issued',
      sdiId: null,
      fatturaXml: invoice('u2').xml,
    })
  })

  it('lists unpaid packages with a checkout session: every processing one, due ones updated since the bound', async () => {
    const { s, a, b } = await setup()
    const base = new Date('1961-01-01T00:00:00Z').getTime() + Math.floor(Math.random() * 1_000_000) * 1000
    const at = (ms: number) => new Date(base + ms)
    await s.repo.setCheckout(a, 1, 'cs_old', at(0)) // due, before the bound: expired at the provider
    await s.repo.setCheckout(a, 2, 'cs_fresh', at(5000)) // due, after the bound
    await s.repo.markProcessing(b, 1, 'cs_sepa', at(1000)) // processing, before the bound: still listed
    await s.repo.setCheckout(b, 2, 'cs_paid', at(6000))
    await s.repo.markPaid(b, 2, byCard(at(7000), { sessionId: 'cs_paid' })) // paid: never
    // a package without a session (a, 3) is never listed either
    const mine = async (since: Date) =>
      (await s.repo.listOpenCheckouts(since, 10_000))
        .filter((p) => p.tenantId === a || p.tenantId === b)
        .map((p) => `${p.tenantId === a ? 'a' : 'b'}/${p.number}/${p.checkoutSessionId}`)
    expect(await mine(at(2000))).toEqual(['b/1/cs_sepa', 'a/2/cs_fresh'])
    expect(await mine(at(0))).toEqual(['a/1/cs_old', 'b/1/cs_sepa', 'a/2/cs_fresh'])
  })

  it('stores settings with their secret flag, setting and clearing keys all in one transaction', async () => {
    const { s } = await setup()
    const k = `test.${crypto.randomUUID()}`
    const mine = async () => new Map([...(await s.repo.settings())].filter(([key]) => key.startsWith(k)))
    const put = (entries: Array<[string, StoredSetting | null]>) => s.repo.putSettings(new Map(entries))
    expect(await mine()).toEqual(new Map())
    await put([
      [`${k}.iban`, { value: 'IT60X0542811101000000123456', secret: false }],
      [`${k}.api_key`, { value: 'v1.sealed.text', secret: true }],
    ])
    expect(await mine()).toEqual(
      new Map([
        [`${k}.api_key`, { value: 'v1.sealed.text', secret: true }],
        [`${k}.iban`, { value: 'IT60X0542811101000000123456', secret: false }],
      ]),
    )
    await put([
      [`${k}.iban`, null],
      [`${k}.api_key`, { value: 'v1.resealed', secret: true }],
      [`${k}.bic`, { value: 'BPMOIT22XXX', secret: false }],
    ])
    const now = new Map([
      [`${k}.api_key`, { value: 'v1.resealed', secret: true }],
      [`${k}.bic`, { value: 'BPMOIT22XXX', secret: false }],
    ])
    expect(await mine()).toEqual(now)
    // One bad key (empty) and nothing of the change is applied.
    await expect(
      put([
        [`${k}.bic`, null],
        [`${k}.cap`, { value: '00100', secret: false }],
        ['', { value: 'x', secret: false }],
      ]),
    ).rejects.toThrow()
    expect(await mine()).toEqual(now)
    await put([])
    await put([[`${k}.never-set`, null]])
    expect(await mine()).toEqual(now)
  })

  it('re-seals a secret setting only while it holds the value read (compare-and-set), never a plain one', async () => {
    const { s } = await setup()
    const k = `test.${crypto.randomUUID()}`
    await s.repo.putSettings(
      new Map([
        [`${k}.api_key`, { value: 'v1.k1.old', secret: true }],
        [`${k}.iban`, { value: 'IT60X0542811101000000123456', secret: false }],
      ]),
    )
    expect(await s.repo.resealSetting(`${k}.api_key`, 'v1.k1.stale', 'v1.k2.new')).toBe(false)
    expect(await s.repo.resealSetting(`${k}.api_key`, 'v1.k1.old', 'v1.k2.new')).toBe(true)
    expect(await s.repo.resealSetting(`${k}.api_key`, 'v1.k1.old', 'v1.k2.again')).toBe(false)
    expect(await s.repo.resealSetting(`${k}.iban`, 'IT60X0542811101000000123456', 'x')).toBe(false)
    expect(await s.repo.resealSetting(`${k}.missing`, 'a', 'b')).toBe(false)
    const got = await s.repo.settings()
    expect(got.get(`${k}.api_key`)).toEqual({ value: 'v1.k2.new', secret: true })
    expect(got.get(`${k}.iban`)).toEqual({ value: 'IT60X0542811101000000123456', secret: false })
  })
}
