/**
 * SSRF guard (core/outbound-url.ts) and where it applies: WEBHOOK_URL and KAFKA_REST_URL are refused
 * at boot in production when they are not https or name a loopback, private, link-local (metadata)
 * or local host, in every literal form the URL parser accepts; outside production they are not checked.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { outboundUrlProblem } from '../../core/outbound-url.ts'
import { ConfigError, parseConfig } from '../../edge/env.ts'

const REFUSED = [
  'http://hooks.example.com/varco',
  'https://localhost/x',
  'https://LOCALHOST./x',
  'https://api.localhost/x',
  'https://printer.local/x',
  'https://metadata.google.internal/computeMetadata/v1/',
  'https://intranet/x',
  'https://127.0.0.1/x',
  'https://127.1/x',
  'https://2130706433/x',
  'https://0x7f000001/x',
  'https://0177.0.0.1/x',
  'https://0.0.0.0/x',
  'https://10.0.0.5/x',
  'https://172.16.0.1/x',
  'https://172.31.255.255/x',
  'https://192.168.1.10/x',
  'https://100.64.0.1/x',
  'https://169.254.169.254/latest/meta-data/',
  'https://[::1]/x',
  'https://[::]/x',
  'https://[::ffff:127.0.0.1]/x',
  'https://[::ffff:169.254.169.254]/x',
  'https://[fd12:3456::1]/x',
  'https://[fc00::1]/x',
  'https://[fe80::1]/x',
  'https://[ff02::1]/x',
  'https://user:secret@hooks.example.com/x',
  'not a url',
  'file:///etc/passwd',
  'gopher://hooks.example.com/',
]
const ALLOWED = [
  'https://hooks.example.com/varco',
  'https://pkc-123.eu-west-1.aws.confluent.cloud:443',
  'https://8.8.8.8/x',
  'https://172.32.0.1/x',
  'https://[2001:db8::1]/x',
  'https://[::ffff:8.8.8.8]/x',
]

describe('outboundUrlProblem', () => {
  it.each(REFUSED)('refuses %s', (url) => expect(outboundUrlProblem(url)).not.toBeNull())
  it.each(ALLOWED)('allows %s', (url) => expect(outboundUrlProblem(url)).toBeNull())
})

describe('event sinks in production', () => {
  const base = {
    VARCO_ENV: 'production',
    VARCO_DB_URL: 'file:/tmp/x.db',
    JWT_SECRET: 'p'.repeat(40),
    VARCO_PUBLISHERS: 'webhook',
    WEBHOOK_SECRET: 's'.repeat(20),
  }

  it('refuse a webhook URL on a private or metadata address, or over http, naming the variable and not its value', () => {
    for (const url of ['https://169.254.169.254/hook', 'http://hooks.example.com/varco', 'https://10.1.2.3/hook']) {
      expect(() => parseConfig({ ...base, WEBHOOK_URL: url })).toThrow(ConfigError)
      expect(() => parseConfig({ ...base, WEBHOOK_URL: url })).toThrow(/WEBHOOK_URL: .*\(production\)/)
    }
    expect(() => parseConfig({ ...base, WEBHOOK_URL: 'https://10.1.2.3/hook' })).not.toThrow(/10\.1\.2\.3/)
    expect(() => parseConfig({ ...base, VARCO_PUBLISHERS: 'kafka', KAFKA_REST_URL: 'https://127.0.0.1:8082' })).toThrow(/KAFKA_REST_URL/)
  })

  it('accept public https sinks; development and test keep loopback (the sandbox and local receivers)', () => {
    expect(parseConfig({ ...base, WEBHOOK_URL: 'https://hooks.example.com/varco' }).WEBHOOK_URL).toBe('https://hooks.example.com/varco')
    expect(parseConfig({ ...base, VARCO_ENV: 'development', WEBHOOK_URL: 'http://127.0.0.1:9999/hook' }).WEBHOOK_URL).toBe(
      'http://127.0.0.1:9999/hook',
    )
  })
})
