import { describe, expect, it } from 'vitest'
import { Flag, Int, LinkResponse, NotificationsResponse, PaymentMethodsResponse } from '../../../adapters/onpay/wire.ts'

describe('OnPay wire schemas', () => {
  it.each([
    [true, true],
    ['true', true],
    ['false', false],
    [false, false],
    ['1', true],
    [0, false],
  ] as const)('Flag %j → %s', (v, expected) => {
    expect(Flag.parse(v)).toBe(expected)
  })

  it.each([
    ['15000', 15000],
    [15000, 15000],
  ] as const)('Int %j → %s', (v, expected) => {
    expect(Int.parse(v)).toBe(expected)
  })

  it('reads the manual get_link example (string booleans)', () => {
    const r = LinkResponse.parse({ success: 'true', extId: 'X', orderId: 'XYZ', link: 'https://checkout.sandbox.volt.io/XXXxxxXXX' })
    expect(r).toMatchObject({ success: true, extId: 'X', orderId: 'XYZ', link: 'https://checkout.sandbox.volt.io/XXXxxxXXX' })
  })

  it('reads a get_link error with a null link', () => {
    expect(LinkResponse.parse({ success: false, extId: 'X', orderId: null, link: null, error: 'boom' })).toMatchObject({
      success: false,
      error: 'boom',
    })
  })

  it('reads the manual get_notifications example (no payment_type, date-only dates, numeric strings)', () => {
    const r = NotificationsResponse.parse({
      success: 'true',
      notifications: [
        {
          extId: '7',
          gateway: 'xxx',
          status: 'completed',
          orderAmount: '15000',
          orderCurrency: 'GBP',
          notification_date: '2021-05-11',
          validation_date: '2021-05-11',
        },
      ],
    })
    expect(r.notifications?.[0]).toMatchObject({ extId: '7', status: 'completed', orderAmount: 15000, orderCurrency: 'GBP' })
  })

  it('reads errors given as an array', () => {
    expect(NotificationsResponse.parse({ success: 'false', errors: ['a', 'b'] }).errors).toBe('a; b')
  })

  it('reads the manual get_payment_method example', () => {
    const r = PaymentMethodsResponse.parse({
      success: 'true',
      payment_method_list: [
        { code_number: '1', code_description: 'VISA', code_number_merged: '1' },
        { code_number: '3', code_description: 'VISA CREDIT CARD', code_number_merged: '1' },
      ],
    })
    expect(r.payment_method_list?.map((m) => m.code_number_merged)).toEqual([1, 1])
  })

  it('rejects a notification without a status', () => {
    expect(NotificationsResponse.safeParse({ success: 'true', notifications: [{ extId: '7' }] }).success).toBe(false)
  })
})
