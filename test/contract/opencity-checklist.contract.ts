/**
 * Opencity's "Test flusso standard" (specs/opencity.md §6), driven the way a platform drives a payment proxy:
 * a platform key and nothing else; the ente and the service saved with what their form.io forms submit; the
 * CREATION_PENDING written to the `payments` topic and consumed by the Kafka REST consumer (the sandbox REST Proxy);
 * then notice, checkout, landing, the poller's unauthenticated `links.update.url`, the receipt, and the replays.
 * Runtime-neutral: Node (test/edge/opencity-checklist.test.ts), inside workerd (test/workerd/opencity-checklist.test.ts)
 * and over HTTP against the Deno server (test/e2e/parity.deno.test.ts), where the consumer is the server's
 * long-lived one and the dispatcher a one-shot run against its database.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { dispatchOutboxJob } from '../../core/jobs/dispatch-outbox.ts'
import { consumeKafkaJob } from '../../edge/ingest-event.ts'
import { sandboxCredentials } from '../../sandbox/index.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import type { RouteHarness } from './route-harness.ts'
import { until } from './until.ts'

// biome-ignore lint/suspicious/noExplicitAny: tests read deep fields of untyped JSON bodies.
type Json = Record<string, any>

const KAFKA = `/sandbox/kafka-rest`
const TOPIC = 'payments'
const PDF = '%PDF-'

/** The env a platform's deployment has: events out to Kafka and in from it (the sandbox REST Proxy). */
export const CHECKLIST_ENV = { VARCO_PUBLISHERS: 'kafka', KAFKA_CONSUME: 'true', KAFKA_TOPIC: TOPIC, KAFKA_CONSUMER_LOOP: 'false' }

/** What the checklist needs of a gateway: in-process (inProcessChecklist) or a running server over HTTP. */
export type ChecklistHarness = Pick<RouteHarness, 'call' | 'request'> & {
  readonly platform: () => Promise<{ id: string; key: string }>
  /** Lets the Kafka consumer take what is on the topic: the drain's counts in-process, null when a long-lived consumer runs. */
  readonly consume: () => Promise<Record<string, number> | null>
  /** One run of the minute's outbox dispatcher. */
  readonly dispatch: () => Promise<void>
  /** Lets `ms` pass for /update's minimum interval (in-process: the clock; over HTTP the server runs with interval 0). */
  readonly advance: (ms: number) => void
}

/** The in-process harness as a checklist harness: the cron's drain and dispatcher run on its deps and clock. */
export function inProcessChecklist(h: RouteHarness): ChecklistHarness {
  return {
    ...h,
    consume: async () => (await consumeKafkaJob.run(h.deps, h.clock())).counts,
    dispatch: async () => void (await dispatchOutboxJob.run(h.deps, h.clock())),
    advance: (ms) => h.clock.advance(ms),
  }
}

export function runOpencityChecklist(name: string, make: () => Promise<ChecklistHarness>) {
  describe(`Opencity "Test flusso standard" (${name})`, () => {
    it('platform key → forms → Kafka → notice → checkout → landing → update → receipt → replays ignored', async () => {
      const h = await make()
      const p = await h.platform()
      const as = { key: p.key }
      const req = (path: string, init: RequestInit = {}) => h.request(path, init)
      const topic = async () =>
        ((await (await req(`${KAFKA}/inspect/topics/${TOPIC}`)).json()) as { records: Array<{ key: string; value: Json }> }).records
      const published = async (id: string) => (await topic()).filter((r) => r.value['id'] === id && r.value['app_id'] !== 'opencity-core')
      const produce = async (event: Json) => {
        const r = await req(`${KAFKA}/v3/clusters/${sandboxCredentials.kafkaRest.clusterId}/topics/${TOPIC}/records`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ key: { type: 'STRING', data: event['service_id'] }, value: { type: 'JSON', data: event } }),
        })
        expect(r.status).toBe(200)
      }

      // 1. The ente's configuration, as the tenant form submits it, with the Core's own id.
      const tenantId = crypto.randomUUID()
      const tenant = await h.call('POST', '/tenants', {
        ...as,
        body: {
          id: tenantId,
          name: 'Comune di Bugliano',
          tax_identification_number: '00341620508',
          IPA_code: 'C_B303',
          pagopa: { segregation_code: '47', aux_digit: '3', iban: 'IT60X0542811101000000123456', postal_account: '' },
          active: true,
          submit: true,
        },
      })
      expect(tenant.status, tenant.text).toBe(201)
      expect(tenant.json).toMatchObject({ id: tenantId, IPA_code: 'C_B303' })

      // 2. The service's configuration, as the service form submits it (blank id, receiver and split row).
      const service = await h.call('POST', '/services', {
        ...as,
        body: {
          id: '',
          tenant_id: tenantId,
          payment_type: 'PAGOPA',
          amount: 16.5,
          reason: 'TARI 2026',
          expire_at: 30,
          collection_data: '9/0101108TS/',
          receiver: { tax_identification_number: '', name: '' },
          split: [{ code: '' }],
          intermediary: 'pagopa',
          active: true,
          submit: true,
        },
      })
      expect(service.status, service.text).toBe(201)
      const serviceId = String(service.json['id'])

      // 3. A CREATION_PENDING on the topic → the debt position is created → PAYMENT_PENDING on the topic.
      const ev = { ...creationEvent(tenantId, serviceId), app_id: 'opencity-core' }
      await produce(ev)
      const counts = await h.consume()
      // The drain also reads back the PAYMENT_PENDING it published on the same topic (its own: ignored).
      if (counts) expect(counts).toMatchObject({ stored: 1 })
      // An asynchronous consumer: up to ~10 s.
      const [pending] = await until(
        () => published(ev.id),
        (r) => r.length > 0,
        100,
      )
      expect(pending?.key).toBe(serviceId)
      const payment = pending?.value as Json
      expect(payment).toMatchObject({ id: ev.id, status: 'PAYMENT_PENDING', payment: { notice_code: expect.stringMatching(/^3\d{17}$/) } })
      const links = payment['links'] as Json

      // 4. /offline-payment: the notice, from the signed link in the event.
      const notice = await req(links['offline_payment']['url'])
      expect(notice.status).toBe(200)
      expect(new TextDecoder().decode((await notice.arrayBuffer()).slice(0, 5))).toBe(PDF)
      // Knowing the id alone opens nothing.
      expect((await req(`/offline-payment/${ev.id}`)).status).toBe(401)

      // 5. /online-payment: redirect to the payment portal (the sandbox Checkout), paid there.
      const begin = await req(links['online_payment_begin']['url'])
      expect(begin.status).toBe(303)
      const checkout = String(begin.headers.get('location'))
      expect(checkout).toContain('/sandbox/pagopa/')
      const paid = await req(`${checkout}/pay`, { method: 'POST' })
      expect(paid.status).toBe(303)

      // 6. "Torna alla Home": /landing is called and sends the citizen back to the platform.
      const landing = await req(String(paid.headers.get('location')))
      expect(landing.status).toBe(302)
      expect(landing.headers.get('location')).toBe(ev.links.online_payment_landing.url)

      // 7. /update as the poller calls it: the URL as given, no credentials; a forged one is refused.
      h.advance(60_000)
      const update = await req(links['update']['url'])
      expect(update.status).toBe(200)
      expect(((await update.json()) as Json)['status']).toBe('COMPLETE')
      const forged = String(links['update']['url']).replace(/sig=[^&]+/, 'sig=AAAA')
      expect((await req(forged)).status).toBe(401)
      // The minute's dispatcher sends what the checks wrote (right away too, when written by an event in).
      await h.dispatch()
      const statuses = (await published(ev.id)).map((r) => r.value['status'])
      expect(statuses).toContain('COMPLETE')
      const complete = (await published(ev.id)).find((r) => r.value['status'] === 'COMPLETE')?.value as Json

      // 8. /receipt: once paid, the receipt downloads.
      const receipt = await req(complete['links']['receipt']['url'])
      expect(receipt.status).toBe(200)
      expect(new TextDecoder().decode((await receipt.arrayBuffer()).slice(0, 5))).toBe(PDF)

      // 9. A PAYMENT_PENDING already processed (our own event read back, and the Core's replay) is ignored,
      //    and so is the CREATION_PENDING replayed: nothing new is published.
      // 10. A PAYMENT_PENDING not processed yet, for a service Varco has, is imported and followed. It goes on
      //    the topic after the replays, with the same key (one partition, in order): once it is imported, the
      //    replays before it have been consumed too.
      const before = (await published(ev.id)).length
      const base = creationEvent(tenantId, serviceId)
      const imported: Json = {
        ...base,
        status: 'PAYMENT_PENDING',
        app_id: 'opencity-core',
        payment: { ...base.payment, notice_code: '301000000000000098', iuv: '01000000000000098' },
      }
      await produce({ ...payment, app_id: 'opencity-core', event_id: crypto.randomUUID() })
      await produce(ev)
      await produce(imported)
      const replays = await h.consume()
      if (replays) expect(replays['received'] ?? 0).toBeGreaterThanOrEqual(3)
      const got = await until(
        () => h.call('GET', `/payments/${imported['id']}`, as),
        (r) => r.status === 200,
        100,
      )
      expect(got.status, got.text).toBe(200)
      expect(got.json).toMatchObject({ id: imported['id'], status: 'PAYMENT_PENDING' })
      expect((await published(ev.id)).length).toBe(before)
      const history = (await h.call('GET', `/payments/${ev.id}/events`, as)).json['items'] as Json[]
      expect(history.map((e) => e['status'])).toEqual(['CREATION_PENDING', 'PAYMENT_PENDING', 'PAYMENT_STARTED', 'COMPLETE'])
    })
  })
}
