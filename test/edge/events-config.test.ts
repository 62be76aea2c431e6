/** Configuration of events out and in: env parsing, defaults and the checks that fail fast. */

import { describe, expect, it } from 'vitest'
import { createApp } from '../../edge/app.ts'
import { buildDeps } from '../../edge/deps/index.ts'
import { ConfigError, parseConfig } from '../../edge/env.ts'

const base = { VARCO_ENV: 'test', VARCO_DB_URL: ':memory:', VARCO_SANDBOX: 'false' }
const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent }
const build = (env: Record<string, unknown>) => buildDeps(env, { logger: silent, ready: Promise.resolve() })
const configError = (env: Record<string, unknown>) => {
  try {
    build({ ...base, ...env })
  } catch (e) {
    return e instanceof ConfigError ? e.message : `not a ConfigError: ${String(e)}`
  }
  return null
}

describe('events configuration', () => {
  it('has defaults: nothing published or consumed, topic payments, group varco, binary records, queue varco-payments-in', () => {
    const c = parseConfig(base)
    expect(c).toMatchObject({
      VARCO_PUBLISHERS: [],
      VARCO_DISPATCH_ON_WRITE: true,
      KAFKA_TOPIC: 'payments',
      KAFKA_CONSUME: false,
      KAFKA_CONSUMER_GROUP: 'varco',
      KAFKA_CONSUMER_FORMAT: 'binary',
      KAFKA_CONSUME_MAX: 50,
      PAYMENTS_IN_QUEUE: 'varco-payments-in',
    })
    const deps = build(base)
    expect(deps.eventPublishers).toEqual({})
    expect(deps.paymentEventSource).toBeNull()
  })

  it('builds one publisher per name in VARCO_PUBLISHERS, and the Kafka source when KAFKA_CONSUME=true', () => {
    const deps = build({
      ...base,
      VARCO_PUBLISHERS: 'kafka, webhook,queue',
      KAFKA_REST_URL: 'http://rest-proxy:8082',
      KAFKA_CONSUME: 'true',
      WEBHOOK_URL: 'https://receiver.example.it/hook',
      WEBHOOK_SECRET: '0123456789abcdef',
      PAYMENTS_OUT: { send: async () => {} },
    })
    expect(deps.publishers).toEqual(['kafka', 'webhook', 'queue'])
    expect(Object.keys(deps.eventPublishers)).toEqual(['kafka', 'webhook', 'queue'])
    expect(deps.paymentEventSource?.name).toBe('kafka')
  })

  it.each([
    [{ VARCO_PUBLISHERS: 'kafka,sms' }, /VARCO_PUBLISHERS: unknown publisher 'sms'/],
    [{ VARCO_PUBLISHERS: 'webhook' }, /WEBHOOK_URL: is required.*WEBHOOK_SECRET: of 16\+ characters/],
    [{ VARCO_PUBLISHERS: 'webhook', WEBHOOK_URL: 'https://x.example/h', WEBHOOK_SECRET: 'short' }, /WEBHOOK_SECRET/],
    [{ VARCO_PUBLISHERS: 'kafka' }, /KAFKA_REST_URL: is required/],
    [{ KAFKA_CONSUME: 'true' }, /KAFKA_REST_URL: is required/],
    [{ VARCO_PUBLISHERS: 'queue' }, /PAYMENTS_OUT: a Queue producer binding is required/],
    [{ KAFKA_CONSUMER_FORMAT: 'avro' }, /KAFKA_CONSUMER_FORMAT/],
  ])('refuses %j', (env, message) => {
    expect(configError(env)).toMatch(message)
  })

  it('in the sandbox, kafka needs no KAFKA_REST_URL (the simulator stands in)', () => {
    expect(configError({ VARCO_SANDBOX: 'true', VARCO_PUBLISHERS: 'kafka', KAFKA_CONSUME: 'true' })).toBeNull()
  })

  it('a bad events configuration makes the app answer 503 misconfigured, naming nothing secret', async () => {
    const res = await createApp().request('/status', {}, { ...base, VARCO_PUBLISHERS: 'webhook', WEBHOOK_URL: 'https://x.example/h' })
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ code: 'misconfigured' })
  })
})
