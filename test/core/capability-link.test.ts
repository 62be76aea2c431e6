import { describe, expect, it } from 'vitest'
import { linkExpiry, linkPath, signedLink, unixSeconds } from '../../core/capability-link.ts'
import { testLinkSigner } from '../fakes/link-signer.fake.ts'
import { aPayment } from '../fakes/payment.fake.ts'

const DAY = 86_400
const created = new Date('2026-11-23T10:00:00Z')
const now = new Date('2026-11-23T10:05:00Z')
const due = new Date('2026-12-31T22:59:59Z')

describe('capability links: lifetimes per kind', () => {
  const p = aPayment({ created_at: created, payment: { ...aPayment().payment, expire_at: due } })

  it('lets the poller update for the whole polling life (a year, or the due date if later) plus 30 days', () => {
    expect(linkExpiry('update', p, now)).toBe(unixSeconds(created) + 395 * DAY)
    const late = { ...p, payment: { ...p.payment, expire_at: new Date('2028-01-01T00:00:00Z') } }
    expect(linkExpiry('update', late, now)).toBe(unixSeconds(new Date('2028-01-01T00:00:00Z')) + 30 * DAY)
  })

  it('gives the citizen the due date plus 7 days, and never less than 7 days from now', () => {
    for (const kind of ['online-payment', 'notice', 'landing'] as const) {
      expect(linkExpiry(kind, p, now)).toBe(unixSeconds(due) + 7 * DAY)
      const pastDue = { ...p, payment: { ...p.payment, expire_at: new Date('2026-01-01T00:00:00Z') } }
      expect(linkExpiry(kind, pastDue, now)).toBe(unixSeconds(now) + 7 * DAY)
      const noDue = { ...p, payment: { ...p.payment, expire_at: null } }
      expect(linkExpiry(kind, noDue, now)).toBe(unixSeconds(created) + 37 * DAY)
    }
  })

  it('keeps a receipt for 10 years from payment', () => {
    const paidAt = new Date('2026-11-24T08:00:00Z')
    expect(linkExpiry('receipt', { ...p, payment: { ...p.payment, paid_at: paidAt } }, now)).toBe(unixSeconds(paidAt) + 3653 * DAY)
  })

  it('builds the URL under the public URL, with the id as stored and the signature of the canonical path', async () => {
    const signer = testLinkSigner()
    const url = new URL(await signedLink({ publicUrl: 'https://varco.example.it/pa', linkSigner: signer }, 'notice', p, now))
    expect(url.pathname).toBe(`/pa/notice/${p.id}`)
    const s = { exp: Number(url.searchParams.get('exp')), kid: url.searchParams.get('kid') ?? '', sig: url.searchParams.get('sig') ?? '' }
    expect(s.exp).toBe(linkExpiry('notice', p, now))
    expect(await signer.verify(linkPath('notice', p.id), s)).toBe('valid')
  })
})
