/** The one verified-hint flow of every webhook: verify, dedupe, find, re-read and apply, record, answer. */

import { describe, expect, it } from 'vitest'
import { jsonLogger } from '../../adapters/log/json-logger.ts'
import type { DomainError } from '../../core/errors.ts'
import { err, ok, type Result } from '../../core/result.ts'
import { type HintSteps, receiveVerifiedHint } from '../../core/use-cases/verified-hint.ts'
import type { WebhookHint, WebhookInput } from '../../ports/payment-provider.port.ts'
import { fixedClock } from '../fakes/clock.fake.ts'
import { inMemoryWebhookInbox } from '../fakes/webhook-inbox.fake.ts'

type Subject = { readonly id: string; readonly status: string }

const input: WebhookInput = { rawBody: '{}', headers: {}, receivedAt: new Date('2026-11-23T10:00:00Z') }
const hint = (over: Partial<WebhookHint> = {}): WebhookHint => ({
  dedupeKey: 'evt_1',
  providerRef: 'ref_1',
  paymentId: null,
  hint: 'paid',
  ...over,
})

function setup(o: { known?: boolean; signature?: 'good' | 'bad'; apply?: () => Result<Subject, DomainError> } = {}) {
  const calls = { find: 0, apply: 0 }
  const inbox = inMemoryWebhookInbox()
  const steps: HintSteps<Subject> = {
    inbox: { source: 'test:fake', scope: 'tenant-a' },
    verify: async () =>
      o.signature === 'bad' ? { ok: false, error: { kind: 'invalid_signature', reason: 'no match' } } : { ok: true, value: hint() },
    find: async () => {
      calls.find++
      return o.known === false ? null : { id: 'pay-1', status: 'pending' }
    },
    apply: async (s) => {
      calls.apply++
      return o.apply ? o.apply() : ok({ ...s, status: 'paid' })
    },
    idOf: (s) => s.id,
  }
  const deps = { inbox, clock: fixedClock(), logger: jsonLogger({ level: 'error', write: () => {} }) }
  return { calls, inbox, receive: () => receiveVerifiedHint(deps, steps, input) }
}

const KEY = { source: 'test:fake', scope: 'tenant-a', dedupeKey: 'evt_1' }

describe('receiveVerifiedHint', () => {
  it('refuses a bad signature before finding or reading anything, and records nothing', async () => {
    const s = setup({ signature: 'bad' })
    expect(await s.receive()).toEqual(err({ code: 'webhook.rejected', kind: 'invalid_signature', reason: 'no match' }))
    expect(s.calls).toEqual({ find: 0, apply: 0 })
    expect(await s.inbox.seen(KEY)).toBe(false)
  })

  it('re-reads and applies once, records the delivery, and answers a replay as a duplicate without re-reading', async () => {
    const s = setup()
    expect(await s.receive()).toEqual(ok({ outcome: 'applied', subject: { id: 'pay-1', status: 'paid' } }))
    expect(await s.inbox.seen(KEY)).toBe(true)
    expect(await s.receive()).toEqual(ok({ outcome: 'duplicate', subject: { id: 'pay-1', status: 'pending' } }))
    expect(s.calls.apply).toBe(1)
  })

  it('records a delivery about nothing known here, and answers its replay as a duplicate', async () => {
    const s = setup({ known: false })
    expect(await s.receive()).toEqual(ok({ outcome: 'unknown', subject: null }))
    expect(await s.inbox.seen(KEY)).toBe(true)
    expect(await s.receive()).toEqual(ok({ outcome: 'duplicate', subject: null }))
    expect(s.calls.apply).toBe(0)
  })

  it('does not record a delivery whose re-read failed, so the sender retry re-reads', async () => {
    let fail = true
    const s = setup({ apply: () => (fail ? err({ code: 'provider.unavailable', reason: '503' }) : ok({ id: 'pay-1', status: 'paid' })) })
    expect(await s.receive()).toEqual(err({ code: 'provider.unavailable', reason: '503' }))
    expect(await s.inbox.seen(KEY)).toBe(false)
    fail = false
    expect(await s.receive()).toMatchObject({ ok: true, value: { outcome: 'applied' } })
    expect(s.calls.apply).toBe(2)
  })
})
