/** The SDI sender's state machine (core/sdi/model.ts): forward only, finality by format, backoff. @module */

import { describe, expect, it } from 'vitest'
import {
  applyNotification,
  CHECK_MAX_MS,
  canMove,
  isFinal,
  nextCheckAt,
  SDI_STATES,
  type SdiFormat,
  type SdiState,
} from '../../core/sdi/model.ts'
import { SDI_NOTIFICATION_TYPES, type SdiNotificationType } from '../../ports/sdi-transmitter.port.ts'

const apply = (state: SdiState, formato: SdiFormat, type: SdiNotificationType, esito: 'EC01' | 'EC02' | null = null) =>
  applyNotification({ state, formato }, { type, esito })

describe('SDI transmission state machine', () => {
  it('B2B: sent → RC is final; an MC instead is final too', () => {
    expect(apply('inviata', 'FPR12', 'RC')).toEqual({ state: 'RC', esito: null })
    expect(isFinal({ state: 'RC', formato: 'FPR12' })).toBe(true)
    expect(apply('RC', 'FPR12', 'NE', 'EC01')).toBeNull()
    expect(isFinal({ state: 'MC', formato: 'FPR12' })).toBe(true)
    expect(apply('MC', 'FPR12', 'RC')).toBeNull()
  })

  it('PA: RC then NE EC01 or EC02, or DT; MC then AT or a late RC', () => {
    expect(isFinal({ state: 'RC', formato: 'FPA12' })).toBe(false)
    expect(apply('RC', 'FPA12', 'NE', 'EC01')).toEqual({ state: 'NE', esito: 'EC01' })
    expect(apply('RC', 'FPA12', 'NE', 'EC02')).toEqual({ state: 'NE', esito: 'EC02' })
    expect(apply('RC', 'FPA12', 'DT')).toEqual({ state: 'DT', esito: null })
    expect(apply('inviata', 'FPA12', 'MC')).toEqual({ state: 'MC', esito: null })
    expect(apply('MC', 'FPA12', 'AT')).toEqual({ state: 'AT', esito: null })
    expect(apply('MC', 'FPA12', 'RC')).toEqual({ state: 'RC', esito: null })
  })

  it('out of order: an RC after NE, DT or NS changes nothing; a duplicate changes nothing', () => {
    for (const final of ['NE', 'DT', 'AT', 'NS'] as const) {
      expect(isFinal({ state: final, formato: 'FPA12' })).toBe(true)
      for (const t of SDI_NOTIFICATION_TYPES) expect(apply(final, 'FPA12', t)).toBeNull()
    }
    expect(apply('RC', 'FPA12', 'RC')).toBeNull()
    expect(apply('RC', 'FPA12', 'MC')).toBeNull()
  })

  it('a notification that arrives before the send answer was stored still applies (unknown, in_invio)', () => {
    expect(apply('unknown', 'FPR12', 'RC')).toEqual({ state: 'RC', esito: null })
    expect(apply('in_invio', 'FPR12', 'NS')).toEqual({ state: 'NS', esito: null })
  })

  it('no state moves back to in_invio, unknown or inviata once past it', () => {
    const order: SdiState[] = ['in_invio', 'unknown', 'inviata']
    for (const from of SDI_STATES) {
      for (const to of order) {
        if (canMove(from, to)) expect(order.indexOf(to)).toBeGreaterThan(order.indexOf(from))
      }
    }
    expect(canMove('errore', 'inviata')).toBe(false)
  })

  it('backs off 1, 2, 4 … minutes, capped at 6 hours', () => {
    const now = new Date('2026-03-01T09:00:00Z')
    const gap = (checks: number) => nextCheckAt(now, checks).getTime() - now.getTime()
    expect([0, 1, 2, 3].map(gap)).toEqual([60_000, 120_000, 240_000, 480_000])
    expect(gap(30)).toBe(CHECK_MAX_MS)
    expect(gap(1000)).toBe(CHECK_MAX_MS)
  })
})
