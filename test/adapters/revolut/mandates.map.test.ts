/** Every documented order state maps to a mandate or charge status; anything else is `unknown`. */

import { describe, expect, it } from 'vitest'
import {
  DEBIT_ORDER_STATE_MAP,
  MANDATE_ORDER_STATE_MAP,
  SddOrder,
  toChargeStatus,
  toMandateStatus,
} from '../../../adapters/revolut/mandate-map.ts'
import { ORDER_STATES } from '../../../adapters/revolut/wire.ts'

const order = (state: string, withMethod = true) =>
  SddOrder.parse({
    id: 'o1',
    state,
    amount: 0,
    currency: 'EUR',
    customer: { id: 'c1' },
    payments: withMethod ? [{ id: 'p1', state: 'completed', payment_method: { type: 'sepa_direct_debit', id: 'pm1' } }] : [],
  })
const method = (saved_for: string, type = 'sepa_direct_debit') => ({ id: 'pm1', type, saved_for })

describe('Revolut mandate and debit state maps', () => {
  it('cover every documented order state', () => {
    expect(Object.keys(MANDATE_ORDER_STATE_MAP).sort()).toEqual([...ORDER_STATES].sort())
    expect(Object.keys(DEBIT_ORDER_STATE_MAP).sort()).toEqual([...ORDER_STATES].sort())
  })

  it.each([
    ['pending', 'not_read', 'pending_mandate_signature'],
    ['processing', 'not_read', 'pending_mandate_signature'],
    ['authorised', 'not_read', 'pending_mandate_signature'],
    ['cancelled', 'not_read', 'inactive'],
    ['failed', 'not_read', 'inactive'],
    ['completed', method('merchant'), 'active'],
    ['completed', method('customer'), 'inactive'],
    ['completed', method('merchant', 'card'), 'unknown'],
    ['completed', method('someone'), 'unknown'],
    ['completed', null, 'inactive'],
    ['completed', 'not_read', 'unknown'],
    ['on_hold', 'not_read', 'unknown'],
  ] as const)('mandate order %s with method %j → %s', (state, m, expected) => {
    expect(toMandateStatus(order(state), m)).toBe(expected)
  })

  it.each([
    ['pending', 'pending'],
    ['processing', 'pending'],
    ['authorised', 'pending'],
    ['completed', 'paid'],
    ['cancelled', 'canceled'],
    ['failed', 'canceled'],
    ['refunded', 'unknown'],
  ] as const)('debit order %s → %s', (state, expected) => {
    expect(toChargeStatus(state)).toBe(expected)
  })
})
