/** Every SetupIntent, Mandate, Session and PaymentIntent status Stripe documents maps to a domain status; anything else is `unknown`. */

import { describe, expect, it } from 'vitest'
import {
  CHARGE_INTENT_MAP,
  MANDATE_STATUS_MAP,
  MANDATE_STATUSES,
  mandateRawStatus,
  SETUP_INTENT_STATUSES,
  SetupSession,
  toChargeStatus,
  toMandateStatus,
} from '../../../adapters/stripe/mandate-map.ts'
import { PAYMENT_INTENT_STATUSES } from '../../../adapters/stripe/wire.ts'

const session = (status: string | null, setup_intent: unknown = null) =>
  SetupSession.parse({ id: 'cs_test_1', object: 'checkout.session', mode: 'setup', status, customer: 'cus_1', setup_intent })
const intent = (
  status: string,
  mandate: unknown = { id: 'mandate_1', object: 'mandate', status: 'active' },
  last_setup_error: unknown = null,
) => ({
  id: 'seti_1',
  object: 'setup_intent',
  status,
  customer: 'cus_1',
  payment_method: 'pm_1',
  mandate,
  last_setup_error,
})

describe('Stripe mandate status map', () => {
  it('covers every documented SetupIntent, Mandate and PaymentIntent status', () => {
    expect(Object.keys(MANDATE_STATUS_MAP).sort()).toEqual([...MANDATE_STATUSES].sort())
    expect(Object.keys(CHARGE_INTENT_MAP).sort()).toEqual([...PAYMENT_INTENT_STATUSES].sort())
    for (const s of SETUP_INTENT_STATUSES) expect(toMandateStatus(session('complete', intent(s)))).not.toBe(undefined)
  })

  it.each([
    ['open, no SetupIntent yet', session('open'), 'pending_mandate_signature'],
    ['complete, succeeded, mandate active', session('complete', intent('succeeded')), 'active'],
    [
      'complete, succeeded, mandate pending',
      session('complete', intent('succeeded', { id: 'm', object: 'mandate', status: 'pending' })),
      'pending_mandate_signature',
    ],
    [
      'complete, succeeded, mandate inactive (revoked)',
      session('complete', intent('succeeded', { id: 'm', object: 'mandate', status: 'inactive' })),
      'inactive',
    ],
    [
      'complete, succeeded, mandate status unknown',
      session('complete', intent('succeeded', { id: 'm', object: 'mandate', status: 'frozen' })),
      'unknown',
    ],
    ['complete, succeeded, mandate not expanded', session('complete', intent('succeeded', 'mandate_1')), 'unknown'],
    ['complete, processing', session('complete', intent('processing', null)), 'pending_mandate_signature'],
    ['complete, requires_action', session('complete', intent('requires_action', null)), 'pending_mandate_signature'],
    ['complete, requires_confirmation', session('complete', intent('requires_confirmation', null)), 'pending_mandate_signature'],
    ['open, requires_payment_method, no error', session('open', intent('requires_payment_method', null)), 'pending_mandate_signature'],
    [
      'open, requires_payment_method after a failed attempt',
      session('open', intent('requires_payment_method', null, { code: 'x' })),
      'inactive',
    ],
    ['complete, canceled', session('complete', intent('canceled', null)), 'inactive'],
    ['complete, SetupIntent status unknown', session('complete', intent('paused', null)), 'unknown'],
    ['complete, SetupIntent not expanded', session('complete', 'seti_1'), 'unknown'],
    ['expired (never signed)', session('expired'), 'inactive'],
    ['a Session status Stripe does not document', session('archived'), 'unknown'],
    ['no Session status', session(null), 'unknown'],
  ] as const)('%s → %s', (_, s, expected) => {
    expect(toMandateStatus(s)).toBe(expected)
  })

  it('keeps the raw statuses for logs', () => {
    expect(mandateRawStatus(session('complete', intent('succeeded')))).toBe('complete/succeeded/active')
    expect(mandateRawStatus(session('open'))).toBe('open')
  })

  it.each([
    ['processing', 'pending'],
    ['requires_action', 'pending'],
    ['succeeded', 'paid'],
    ['requires_payment_method', 'canceled'],
    ['canceled', 'canceled'],
    ['requires_capture', 'unknown'],
    ['requires_confirmation', 'unknown'],
    ['something_new', 'unknown'],
  ] as const)('off-session PaymentIntent %s → %s', (status, expected) => {
    expect(toChargeStatus({ id: 'pi_1', object: 'payment_intent', status })).toBe(expected)
  })
})
