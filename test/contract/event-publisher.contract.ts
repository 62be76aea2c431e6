/**
 * The EventPublisher contract (ports/event-publisher.port.ts): every channel that carries Varco's
 * events, payment and SDI (Kafka REST, signed webhook, Cloudflare Queue), answers one delivery attempt with
 * `ok` when the far side took the event, `retryable` when trying again later can help (outage,
 * unreachable, timeout, throttling, credentials being fixed) and `permanent` when the far side
 * refuses this event for good; it never retries by itself and never throws for an expected
 * failure. Runtime-neutral; the matrix (event-publisher.matrix.ts) says which far sides run where.
 * @module
 */

import { describe, expect } from 'vitest'
import type { WireEvent } from '../../core/payment-wire.ts'
import { eventToWire } from '../../core/payment-wire.ts'
import type { EventPublisher, PublishResult } from '../../ports/event-publisher.port.ts'
import { aPayment } from '../fakes/payment.fake.ts'
import { anSdiEvent, aTransmission } from '../fakes/sdi-transmission.fake.ts'
import { caseRunner, type Skips } from './matrix.ts'

/** What the far side took, in order. */
export type Received = { readonly event: unknown; readonly key: string | null }

export type PublisherHarness = {
  readonly publisher: EventPublisher
  /** The name outbox rows use for this channel. */
  readonly name: string
  /** True when the far side sees the partition key (Kafka record key, webhook `Varco-Key`). */
  readonly keyed: boolean
  readonly received: () => Promise<readonly Received[]>
  /** The same channel to a far side that cannot be reached (connection refused, queue unavailable). */
  readonly unreachable?: () => EventPublisher
  /** The far side fails the next attempt (5xx, outage), then works again. */
  readonly failNext?: () => void
  /** The same channel to a far side slower than the publisher waits. */
  readonly slow?: () => EventPublisher
  /** The far side will refuse `event` for good; returns the event to publish (where only size is refused: a larger copy). */
  readonly refuse?: (event: WireEvent) => WireEvent
  /** The far side throttles the next attempt, asking to wait `seconds`. */
  readonly throttleNext?: (seconds: number) => void
  /** The same channel with credentials the far side refuses. */
  readonly withBadCredentials?: () => EventPublisher
  /** Stops what the harness started (servers). */
  readonly close?: () => Promise<void>
}

export type PublisherCase =
  | 'publish'
  | 'order'
  | 'at-least-once'
  | 'unreachable'
  | 'outage'
  | 'timeout'
  | 'rejected'
  | 'throttled'
  | 'bad-credentials'

/** A v2.0 payment event, as the outbox holds it. */
export function anEvent(over: Parameters<typeof aPayment>[0] = {}): WireEvent {
  return eventToWire({
    ...aPayment({ id: crypto.randomUUID(), service_id: crypto.randomUUID(), status: 'PAYMENT_PENDING', ...over }),
    event_id: crypto.randomUUID(),
    event_version: '2.0',
    event_created_at: new Date('2026-11-23T10:00:01Z'),
    app_id: 'varco:contract',
  })
}

/** A failed expectation naming the hook a case needs, unless the harness has it. */
function need<T>(hook: T | undefined, name: string): T {
  if (hook === undefined) expect.fail(`the harness has no ${name}: implement it, or skip the case with a reason`)
  return hook
}

/** A retryable result with a reason, or a failed expectation showing what came back. */
function expectRetryable(r: PublishResult) {
  if (r.kind !== 'retryable') expect.fail(`expected retryable, got ${JSON.stringify(r)}`)
  expect(r.reason.length).toBeGreaterThan(0)
  return r
}

export function runEventPublisherContract(opts: {
  readonly name: string
  readonly make: () => Promise<PublisherHarness>
  readonly skip?: Skips<PublisherCase>
}) {
  const runCase = caseRunner(opts.skip)
  /** A case run on a fresh harness, closed afterwards. */
  const test = (c: PublisherCase, title: string, fn: (h: PublisherHarness) => Promise<void>) =>
    runCase(c, title, async () => {
      const h = await opts.make()
      try {
        await fn(h)
      } finally {
        await h.close?.()
      }
    })
  const idsOf = async (h: PublisherHarness) => (await h.received()).map((r) => (r.event as WireEvent).event_id)

  describe(`EventPublisher contract: ${opts.name}`, () => {
    test('publish', 'delivers the event unchanged under its channel name, with the partition key where the channel has keys', async (h) => {
      const e = anEvent()
      expect(h.publisher.name).toBe(h.name)
      expect(await h.publisher.publish(e, e.service_id)).toEqual({ kind: 'ok' })
      const got = await h.received()
      expect(got).toHaveLength(1)
      expect(got[0]?.event).toEqual(JSON.parse(JSON.stringify(e)))
      expect(got[0]?.key).toBe(h.keyed ? e.service_id : null)
    })

    test('publish', 'delivers an SDI transmission event the same way, keyed by tenant', async (h) => {
      const t = aTransmission()
      const e = anSdiEvent(t).doc
      expect(await h.publisher.publish(e, t.tenantId)).toEqual({ kind: 'ok' })
      const got = await h.received()
      expect(got).toHaveLength(1)
      expect(got[0]?.event).toEqual(JSON.parse(JSON.stringify(e)))
      expect(got[0]?.key).toBe(h.keyed ? t.tenantId : null)
    })

    test('order', 'delivers the events of one payment in the order they are published', async (h) => {
      const first = anEvent({ status: 'CREATION_PENDING' })
      const events = [
        first,
        { ...first, event_id: crypto.randomUUID(), status: 'PAYMENT_PENDING' },
        { ...first, event_id: crypto.randomUUID(), status: 'COMPLETE' },
      ]
      for (const e of events) expect(await h.publisher.publish(e as WireEvent, first.service_id)).toEqual({ kind: 'ok' })
      expect(await idsOf(h)).toEqual(events.map((e) => e.event_id))
    })

    test(
      'at-least-once',
      'accepts the same event again (a redelivery after a crash): the far side sees it twice, with one event_id to dedupe on',
      async (h) => {
        const e = anEvent()
        expect(await h.publisher.publish(e, e.service_id)).toEqual({ kind: 'ok' })
        expect(await h.publisher.publish(e, e.service_id)).toEqual({ kind: 'ok' })
        expect(await idsOf(h)).toEqual([e.event_id, e.event_id])
      },
    )

    test('outage', 'answers retryable while the far side fails, and delivers on the next attempt once it is back', async (h) => {
      const e = anEvent()
      need(h.failNext, 'failNext()')()
      expectRetryable(await h.publisher.publish(e, e.service_id))
      expect(await h.publisher.publish(e, e.service_id)).toEqual({ kind: 'ok' })
      expect(await idsOf(h)).toEqual([e.event_id])
    })

    test(
      'rejected',
      'answers permanent, with a reason, when the far side refuses the event for good, and takes the next one',
      async (h) => {
        const refused = need(h.refuse, 'refuse()')(anEvent())
        const r = await h.publisher.publish(refused, refused.service_id)
        if (r.kind !== 'permanent') expect.fail(`expected permanent, got ${JSON.stringify(r).slice(0, 300)}`)
        expect(r.reason.length).toBeGreaterThan(0)
        const next = anEvent()
        expect(await h.publisher.publish(next, next.service_id)).toEqual({ kind: 'ok' })
        expect(await idsOf(h)).toEqual([next.event_id])
      },
    )

    test('throttled', 'answers retryable with the wait the far side asks for', async (h) => {
      need(h.throttleNext, 'throttleNext()')(7)
      const r = expectRetryable(await h.publisher.publish(anEvent(), 'svc'))
      expect(r.retryAfterMs).toBe(7000)
    })

    /** A publisher to a far side in trouble: the hook that makes it, and whether the event may still have arrived. */
    const troubled: ReadonlyArray<readonly [PublisherCase, string, 'unreachable' | 'slow' | 'withBadCredentials', boolean]> = [
      ['unreachable', 'answers retryable, without throwing, when the far side cannot be reached', 'unreachable', false],
      ['timeout', 'answers retryable when the far side does not answer in time (it may still take the event)', 'slow', true],
      [
        'bad-credentials',
        'answers retryable (fixing the configuration delivers the event) when the far side refuses the credentials',
        'withBadCredentials',
        false,
      ],
    ]
    for (const [c, title, hook, mayArrive] of troubled) {
      test(c, title, async (h) => {
        const other = need(h[hook], `${hook}()`)()
        expectRetryable(await other.publish(anEvent(), 'svc'))
        if (!mayArrive) expect(await h.received()).toEqual([])
      })
    }
  })
}
