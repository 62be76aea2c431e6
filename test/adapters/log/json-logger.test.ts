import { describe, expect, it } from 'vitest'
import { jsonLogger } from '../../../adapters/log/json-logger.ts'
import { maskIban, redact } from '../../../adapters/log/redact.ts'

const API_KEY = `vk_0123456789ab_${'Z'.repeat(43)}`
const PLATFORM_KEY = `vp_ba9876543210_${'Y'.repeat(43)}`
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoidSJ9.c2lnbmF0dXJlLWJ5dGVz'

describe('json logger', () => {
  it('writes one JSON object per line with level, time and message', () => {
    const lines: string[] = []
    const log = jsonLogger({ write: (l) => lines.push(l), now: () => new Date('2026-11-23T10:00:00Z') }).child({ request_id: 'r-1' })
    log.info('request', { status: 200 })
    log.debug('hidden at info level')
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0] as string)).toEqual({
      time: '2026-11-23T10:00:00.000Z',
      level: 'info',
      msg: 'request',
      request_id: 'r-1',
      status: 200,
    })
  })

  it('never writes API keys, tokens, secrets, IBANs or codici fiscali in clear', () => {
    const lines: string[] = []
    const log = jsonLogger({ write: (l) => lines.push(l) })
    log.error(`failed for ${API_KEY}`, {
      headers: { 'x-api-key': API_KEY, authorization: `Bearer ${JWT}` },
      note: `token ${JWT} iban IT60X0542811101000000123456 cf RSSMRA85T10A562S key sk_live_abc123`,
      webhook_secret: 'whsec_abc',
      password: 'hunter2',
      error: new Error(`bad key ${API_KEY}`),
      detail: `platform ${PLATFORM_KEY} refused`,
    })
    const out = lines.join('\n')
    for (const secret of [
      'Z'.repeat(43),
      'Y'.repeat(43),
      JWT,
      'IT60X0542811101000000123456',
      'RSSMRA85T10A562S',
      'sk_live_abc123',
      'whsec_abc',
      'hunter2',
    ]) {
      expect(out).not.toContain(secret)
    }
    expect(out).toContain('vk_0123456789ab_[redacted]')
    expect(out).toContain('vp_ba9876543210_[redacted]')
    expect(out).toContain('IT60****3456')
  })

  it('renders a line exactly as JSON.stringify of the redacted fields would; a child giving a field again replaces it', () => {
    const lines: string[] = []
    const now = () => new Date('2026-11-23T10:00:00Z')
    const log = jsonLogger({ write: (l) => lines.push(l), now, base: { app: 'varco', request_id: 'r-0' } })
    log
      .child({ request_id: 'r-1' })
      .child({ tenant_id: 't-1' })
      .warn('x', {
        n: 1.5,
        nan: Number.NaN,
        ok: true,
        none: null,
        skipped: undefined,
        api_key: 'vk_x',
        token_valid: false,
        nested: { password: 'p', list: [1, 'two'] },
      })
    expect(lines[0]).toBe(
      '{"time":"2026-11-23T10:00:00.000Z","level":"warn","msg":"x","app":"varco","request_id":"r-1","tenant_id":"t-1",' +
        '"n":1.5,"nan":null,"ok":true,"none":null,"api_key":"[redacted]","token_valid":false,"nested":{"password":"[redacted]","list":[1,"two"]}}',
    )
  })

  it('keeps ordinary values and booleans', () => {
    expect(redact({ tenant_id: 't-1', token_valid: true, count: 3, nested: [{ ok: 'yes' }] })).toEqual({
      tenant_id: 't-1',
      token_valid: true,
      count: 3,
      nested: [{ ok: 'yes' }],
    })
    expect(maskIban('IT60 X054 2811 1010 0000 0123 456')).toBe('IT60****3456')
  })
})
