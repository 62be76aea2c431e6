/**
 * Events as users run the gateway (`npm start`, `npm run start:deno`), with the cron off: a
 * CREATION_PENDING produced to a fake REST Proxy (polls held as Confluent's are) comes back as
 * PAYMENT_PENDING on the topic through the long-lived consumer, and SIGTERM stops it cleanly (its
 * consumer instance deleted). In production with no publisher, startup logs an error and /status
 * says `degraded`, naming VARCO_PUBLISHERS.
 * @module
 */

import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { kafkaRestFake } from '../fakes/kafka-rest-server.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { NODE_BIN, ROOT, startServer } from './helpers.ts'

type Json = Record<string, unknown>
const fake = kafkaRestFake({ fetchWait: { requestTimeoutMs: 1000 } })
let kafkaUrl = ''
let close: () => Promise<void> = async () => {}
beforeAll(async () => {
  const server = await fake.listen()
  kafkaUrl = server.url
  close = server.close
})
afterAll(() => close())

describe.each(['node', 'deno'] as const)('events in on %s: the long-lived consumer', (runtime) => {
  it('answers a CREATION_PENDING on the topic with PAYMENT_PENDING, no cron needed, and stops on SIGTERM', async () => {
    const topic = `payments-${runtime}-${crypto.randomUUID().slice(0, 8)}`
    const server = await startServer({
      runtime,
      env: { VARCO_PUBLISHERS: 'kafka', KAFKA_REST_URL: kafkaUrl, KAFKA_TOPIC: topic, KAFKA_CONSUME: 'true', VARCO_CRON: 'false' },
    })
    try {
      const cli = (...args: string[]) => {
        const r = spawnSync(NODE_BIN, [join(ROOT, 'bin', 'varco.mjs'), ...args], {
          env: { PATH: process.env['PATH'], VARCO_DB_URL: server.dbUrl },
          encoding: 'utf8',
          timeout: 20_000,
        })
        expect(r.status, r.stderr).toBe(0)
        return r.stdout.trim()
      }
      const tenant = JSON.parse(cli('tenant', 'create', '--name', 'Comune di Bugliano', '--tax-id', '00341620508')) as Json
      const token = cli('token', '--tenant', tenant['id'] as string, '--user', 'mario', '--role', 'admin')
      const svc = await fetch(`${server.url}/services`, {
        method: 'POST',
        headers: { 'x-api-key': tenant['api_key'] as string, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' }),
      })
      expect(svc.status).toBe(201)
      const serviceId = ((await svc.json()) as Json)['id'] as string

      const ev = creationEvent(tenant['id'] as string, serviceId)
      fake.state.append(topic, serviceId, ev)
      const statuses = () => fake.state.records(topic).map((r) => [(r.value as Json)['id'], (r.value as Json)['status']])
      await vi.waitFor(() => expect(statuses()).toContainEqual([ev.id, 'PAYMENT_PENDING']), { timeout: 20_000, interval: 50 })
    } finally {
      await server.stop()
    }
    expect(server.output()).not.toMatch(/"level":"error"/)
    expect(fake.state.liveInstances()).toBe(0) // deleted on SIGTERM, so the group rebalances at once
  }, 90_000)
})

describe('events out by default (production)', () => {
  it('logs an error at startup and answers /status degraded, naming the missing sink', async () => {
    const server = await startServer({ runtime: 'node', env: { VARCO_ENV: 'production', JWT_SECRET: 'p'.repeat(40), LOG_LEVEL: 'info' } })
    try {
      const res = await fetch(`${server.url}/status`)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({
        status: 'degraded',
        environment: 'production',
        degraded: [{ component: 'events', missing: 'VARCO_PUBLISHERS' }],
      })
      const line = server
        .output()
        .split('\n')
        .find((l) => l.includes('degraded'))
      expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 'error', component: 'events', missing: 'VARCO_PUBLISHERS' })
    } finally {
      await server.stop()
    }
  }, 60_000)

  it('is ok once a publisher is configured', async () => {
    const server = await startServer({
      runtime: 'node',
      env: {
        VARCO_ENV: 'production',
        JWT_SECRET: 'p'.repeat(40),
        VARCO_PUBLISHERS: 'webhook',
        // Production refuses a loopback or plain-http sink (SSRF check); nothing is sent in this test.
        WEBHOOK_URL: 'https://platform.example.it/varco-events',
        WEBHOOK_SECRET: 's'.repeat(20),
      },
    })
    try {
      expect(await (await fetch(`${server.url}/status`)).json()).toMatchObject({ status: 'ok', degraded: [] })
      expect(server.output()).not.toMatch(/degraded/)
    } finally {
      await server.stop()
    }
  }, 60_000)
})
