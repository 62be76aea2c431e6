import { describe, expect, it } from 'vitest'
import { cents, centsFromEuros, eurosFromCents } from '../../core/money.ts'
import { checkSplits, isFinal, normaliseStatus, PAYMENT_STATUSES, type PaymentStatus, TRANSITIONS, transition } from '../../core/payment.ts'
import { nextCheck } from '../../core/polling.ts'
import { aPayment } from '../fakes/payment.fake.ts'

const now = new Date('2026-11-23T10:05:00Z')

/** §4 of the Opencity docs, as a list of arrows. */
const ALLOWED = new Set([
  'CREATION_PENDING>PAYMENT_PENDING',
  'CREATION_PENDING>CREATION_FAILED',
  'PAYMENT_PENDING>PAYMENT_STARTED',
  'PAYMENT_PENDING>CANCELED',
  'PAYMENT_PENDING>COMPLETE',
  'PAYMENT_PENDING>EXPIRED',
  'PAYMENT_STARTED>EXPIRED',
  'PAYMENT_STARTED>COMPLETE',
])

describe('payment state machine', () => {
  const pairs = PAYMENT_STATUSES.flatMap((from) => PAYMENT_STATUSES.map((to) => [from, to] as const))
  it.each(pairs)('%s → %s', (from, to) => {
    const p = aPayment({ status: from })
    const r = transition(p, to, now)
    if (from === to) {
      expect(r).toEqual({ ok: true, payment: p, changed: false })
    } else if (ALLOWED.has(`${from}>${to}`)) {
      expect(r).toMatchObject({ ok: true, changed: true, payment: { status: to } })
    } else {
      expect(r).toEqual({ ok: false, from, to })
    }
  })

  it('has exactly the arrows of the diagram, and final states have none', () => {
    const arrows = Object.entries(TRANSITIONS).flatMap(([f, ts]) => ts.map((t) => `${f}>${t}`))
    expect(new Set(arrows)).toEqual(ALLOWED)
    expect(PAYMENT_STATUSES.filter(isFinal).sort()).toEqual(['CANCELED', 'COMPLETE', 'CREATION_FAILED', 'EXPIRED'])
  })

  it('applies changes only on a move and always moves updated_at forward', () => {
    const p = aPayment({ status: 'PAYMENT_PENDING', updated_at: new Date('2026-11-23T10:05:00.400Z') })
    const moved = transition(p, 'COMPLETE', now, { payment: { ...p.payment, paid_at: now } })
    if (!moved.ok) throw new Error('refused')
    expect(moved.payment.payment.paid_at).toEqual(now)
    expect(moved.payment.updated_at.getTime()).toBeGreaterThanOrEqual(new Date('2026-11-23T10:05:01Z').getTime())
    const again = transition(moved.payment, 'COMPLETE', now, { reason: 'ignored' })
    expect(again).toMatchObject({ ok: true, changed: false, payment: { reason: 'TARI 2026' } })
  })

  it.each([
    ['PAYMENT_CONFIRMED', 'COMPLETE'],
    ['NOTIFICATION_PENDING', 'COMPLETE'],
    ['PAYMENT_FAILED', 'EXPIRED'],
    ['PAYMENT_STARTED', 'PAYMENT_STARTED'],
  ] as const)('reads legacy %s as %s', (legacy, status) => {
    expect(normaliseStatus(legacy)).toBe(status as PaymentStatus)
  })
})

describe('money and splits', () => {
  it.each([
    [16.5, 1650],
    [0.1, 10],
    [0.07, 7],
    [1234567.89, 123456789],
    [0, 0],
    [16.505, null],
    [-1, null],
    [Number.NaN, null],
  ])('%s euros → %s cents', (euros, c) => {
    expect(centsFromEuros(euros)).toBe(c)
  })

  it('round-trips cents to euros', () => {
    for (const c of [0, 1, 10, 99, 1650, 123456789]) expect(centsFromEuros(eurosFromCents(cents(c)))).toBe(c)
  })

  it('requires splits to add up to the amount exactly', () => {
    const data = {
      amount: cents(1650),
      split: [
        { code: 'c_1', amount: cents(900), meta: {} },
        { code: 'c_2', amount: cents(750), meta: {} },
      ],
    }
    expect(checkSplits(data)).toEqual([])
    expect(checkSplits({ ...data, split: [{ code: 'c_1', amount: cents(900), meta: {} }] })).toEqual([
      { path: 'payment.split', message: 'splits add up to 9, not to the amount 16.5' },
    ])
    expect(checkSplits({ amount: cents(1650), split: [] })).toEqual([])
  })
})

describe('polling schedule (§5.3)', () => {
  const created = new Date('2026-11-23T10:00:00Z') // a Monday
  const at = (ms: number) => new Date(created.getTime() + ms)
  const MIN = 60_000
  const HOUR = 60 * MIN
  const DAY = 24 * HOUR
  it.each([
    [0, MIN],
    [5 * MIN, MIN],
    [5 * MIN + 1, 5 * MIN],
    [15 * MIN, 5 * MIN],
    [15 * MIN + 1, HOUR],
    [7 * DAY, HOUR],
    [7 * DAY + 1, 6 * HOUR],
    [30 * DAY, 6 * HOUR],
  ])('a check %i ms after creation schedules the next %i ms later', (age, gap) => {
    expect(nextCheck(created, at(age))).toEqual({ next: at(age + gap) })
  })

  it('checks weekly, on Sundays, up to a year, then expires', () => {
    const thursday = at(31 * DAY) // 2026-12-24
    const r = nextCheck(created, thursday)
    expect('next' in r && r.next.getUTCDay()).toBe(0)
    expect('next' in r && (r.next.getTime() - thursday.getTime()) / DAY).toBe(3)
    const sunday = new Date('2027-01-03T10:00:00Z')
    expect(nextCheck(created, sunday)).toEqual({ next: new Date('2027-01-10T10:00:00Z') })
    expect(nextCheck(created, at(365 * DAY + 1))).toEqual({ expire: true })
  })
})
