/**
 * A clock jump (issue 16 point 2), injected through the Clock port's values: the polling schedule and
 * the signed links' expiry take the jumped time as it is. Backwards: the next check is still one
 * minute ahead of the clock (never in the past, never an expiry), and a link signed in the
 * "future" still opens until its `exp`. Forwards: the schedule moves to the cadence of the payment's
 * age, a year's jump expires the polling, and a link past its `exp` is refused as expired (only when
 * authentic).
 * @module
 */

import { describe, expect, it } from 'vitest'
import { checkLink, linkExpiry, signedLink } from '../../core/capability-link.ts'
import { nextCheck } from '../../core/polling.ts'
import { fixedClock } from '../fakes/clock.fake.ts'
import { testLinkSigner } from '../fakes/link-signer.fake.ts'
import { aPayment } from '../fakes/payment.fake.ts'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

describe('clock jumps: polling schedule', () => {
  const created = new Date('2026-11-23T10:00:00Z')

  it('backwards (the clock is now before the payment was created): the next check is a minute ahead of the clock', () => {
    const clock = fixedClock('2026-11-23T10:00:00Z')
    clock.advance(-3 * HOUR)
    const at = clock()
    expect(nextCheck(created, at)).toEqual({ next: new Date(at.getTime() + MIN) })
  })

  it('forwards: the cadence follows the age the clock now says, and a year and more expires the polling', () => {
    const clock = fixedClock('2026-11-23T10:00:00Z')
    clock.advance(10 * DAY)
    expect(nextCheck(created, clock())).toEqual({ next: new Date(clock().getTime() + 6 * HOUR) })
    clock.advance(2 * 365 * DAY)
    expect(nextCheck(created, clock())).toEqual({ expire: true })
  })
})

describe('clock jumps: signed links', () => {
  const signer = testLinkSigner()
  const p = aPayment({ created_at: new Date('2026-11-23T10:00:00Z'), payment: { ...aPayment().payment, expire_at: null } })
  const params = async (now: Date) => {
    const url = new URL(await signedLink({ publicUrl: 'https://varco.example.it', linkSigner: signer }, 'landing', p, now))
    return { exp: url.searchParams.get('exp') ?? '', kid: url.searchParams.get('kid') ?? '', sig: url.searchParams.get('sig') ?? '' }
  }

  it('a link signed before a backward jump still opens (only exp counts)', async () => {
    const clock = fixedClock('2026-11-23T10:05:00Z')
    const q = await params(clock())
    clock.advance(-30 * DAY)
    expect((await checkLink(signer, 'landing', p.id, q, clock())).ok).toBe(true)
  })

  it('a forward jump inside the lifetime opens it; past exp it is refused as expired; a tampered one as invalid', async () => {
    const clock = fixedClock('2026-11-23T10:05:00Z')
    const q = await params(clock())
    const exp = linkExpiry('landing', p, clock())
    clock.set(new Date(exp * 1000).toISOString())
    expect((await checkLink(signer, 'landing', p.id, q, clock())).ok).toBe(true)
    clock.advance(1000)
    expect(await checkLink(signer, 'landing', p.id, q, clock())).toEqual({
      ok: false,
      error: { code: 'auth.invalid_link', reason: 'expired' },
    })
    const tampered = await checkLink(signer, 'landing', p.id, { ...q, exp: String(exp + DAY / 1000) }, clock())
    expect(tampered.ok).toBe(false)
    expect(tampered.ok ? null : (tampered.error as { reason?: string }).reason).not.toBe('expired')
  })
})
