import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fromHex, toHex } from '../../../adapters/shared/hex.ts'
import { refuseChargeRequest, refuseMandateRequest } from '../../../adapters/shared/mandate-request.ts'
import { statusFailure } from '../../../adapters/shared/outcome.ts'
import { httpReason, isOneOf, readJson } from '../../../adapters/shared/wire.ts'
import { cents } from '../../../core/money.ts'

describe('statusFailure', () => {
  const table = { declined: [409, 422], retryable: [429] }
  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [409, 'declined'],
    [422, 'declined'],
    [429, 'retryable'],
    [500, 'retryable'],
    [503, 'retryable'],
    [400, 'invalid_request'],
    [404, 'invalid_request'],
    [408, 'invalid_request'],
  ])('HTTP %i is %s with the provider table', (status, kind) => {
    expect(statusFailure(status, `HTTP ${status}`, table)).toEqual({ kind, reason: `HTTP ${status}` })
  })

  it('without a table 409 is a plain invalid request, and a status nobody expected is unknown', () => {
    expect(statusFailure(409, 'x', {}).kind).toBe('invalid_request')
    expect(statusFailure(429, 'x', {}).kind).toBe('invalid_request')
    expect(statusFailure(204, 'HTTP 204', {})).toEqual({ kind: 'unknown', reason: 'unexpected HTTP 204' })
  })
})

describe('reading provider payloads', () => {
  const Thing = z.object({ id: z.string() })
  const why = (issues: readonly { path: readonly PropertyKey[] }[] | null) => (issues ? `bad at ${issues[0]?.path.join('.')}` : 'not JSON')

  it('reads a body with a schema; not JSON and a wrong shape are unknown, with the reason the provider gives', () => {
    expect(readJson('{"id":"a","more":1}', Thing, why)).toEqual({ kind: 'ok', value: { id: 'a' } })
    expect(readJson('<html>', Thing, why)).toEqual({ kind: 'unknown', reason: 'not JSON' })
    expect(readJson('{"id":1}', Thing, why)).toEqual({ kind: 'unknown', reason: 'bad at id' })
  })

  it('guards a list of known values', () => {
    const isState = isOneOf(['open', 'done'] as const)
    expect([isState('open'), isState('OPEN'), isState(null), isState(1)]).toEqual([true, false, false, false])
  })

  it('makes a short reason of an error answer, the status alone when the body says nothing readable', () => {
    const detail = (json: unknown) => (json as { message?: string }).message
    expect(httpReason(409, '{"message":"taken"}', detail)).toBe('HTTP 409 taken')
    expect(httpReason(502, '<html>bad gateway</html>', detail)).toBe('HTTP 502')
    expect(httpReason(500, 'null', detail)).toBe('HTTP 500')
    expect(httpReason(400, JSON.stringify({ message: 'x'.repeat(400) }), detail)).toHaveLength(300)
  })
})

describe('hex', () => {
  it('round-trips bytes and refuses what is not hex', () => {
    expect(toHex(new Uint8Array([0, 15, 171, 255]))).toBe('000fabff')
    expect(toHex(new Uint8Array([1, 2]).buffer)).toBe('0102')
    expect(fromHex('000FabFF')).toEqual(new Uint8Array([0, 15, 171, 255]))
    expect([fromHex(''), fromHex('abc'), fromHex('zz')]).toEqual([null, null, null])
  })
})

describe('mandate requests', () => {
  const req = {
    mandateId: 'm1',
    customerName: 'Ada',
    customerEmail: 'ada@example.it',
    returnUrl: 'https://x.test/r',
    description: '',
    iban: 'IT60X0542811101000000123456',
  }
  it('refuses what the port does not allow before any call', () => {
    expect(refuseMandateRequest(req)).toBeNull()
    expect(refuseMandateRequest({ ...req, mandateId: ' ' })).toEqual({ kind: 'invalid_request', reason: 'mandateId is empty' })
    expect(refuseMandateRequest({ ...req, returnUrl: 'nope' })).toEqual({ kind: 'invalid_request', reason: 'returnUrl is not a URL' })
    const charge = { chargeId: 'c1', mandateRef: 'r', amount: cents(100), currency: 'EUR' as const, description: '', reference: 'x' }
    expect(refuseChargeRequest(charge)).toBeNull()
    expect(refuseChargeRequest({ ...charge, chargeId: '' })?.reason).toBe('chargeId is empty')
  })
})
