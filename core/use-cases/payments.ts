/**
 * Payment events in (opencity.md §5.2) and the creation at the intermediary (§4):
 * - `ingestPaymentEvent` accepts only events of an active tenant and service, ignores replays and
 *   events it already processed, stores CREATION_PENDING payments (and imported PAYMENT_PENDING ones)
 *   with the inbound event in their history;
 * - `createAtIntermediary` moves CREATION_PENDING to PAYMENT_PENDING (notice number, links, polling
 *   schedule) or CREATION_FAILED on a permanent refusal. A timeout or outage leaves it pending and
 *   due for another try: unknown is never failed.
 * @module
 */

import type { Clock } from '../../ports/clock.port.ts'
import type { NewId } from '../../ports/id-gen.port.ts'
import type { LinkSigner } from '../../ports/link-signer.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { Creditor, PaymentProvider } from '../../ports/payment-provider.port.ts'
import type { PaymentRepo, StoredPayment } from '../../ports/payment-repo.port.ts'
import type { ServiceRepo } from '../../ports/service-repo.port.ts'
import type { TenantRepo } from '../../ports/tenant-repo.port.ts'
import { signedLink } from '../capability-link.ts'
import { digitalStamp } from '../digital-stamp.ts'
import type { DomainError } from '../errors.ts'
import { laterOf, type Payment, type PaymentEvent, transition } from '../payment.ts'
import { eventToWire, type WireEvent } from '../payment-wire.ts'
import { nextCheck } from '../polling.ts'
import { err, ok, type Result } from '../result.ts'
import type { Tenant } from '../tenant.ts'

export type PaymentDeps = {
  readonly tenants: Pick<TenantRepo, 'get'>
  readonly services: Pick<ServiceRepo, 'get'>
  readonly payments: PaymentRepo
  readonly providers: Readonly<Record<string, PaymentProvider>>
  readonly creditorOf: (tenant: Tenant) => Creditor
  readonly clock: Clock
  readonly newId: NewId
  readonly logger: Logger
  /** `varco:<version>`: the app_id of every event Varco emits. */
  readonly appId: string
  /** Publishers every emitted event goes to (outbox rows). */
  readonly publishers: readonly string[]
  /** Base URL of the gateway, for the links it puts in events. */
  readonly publicUrl: string
  /** Signs those links (core/capability-link.ts). */
  readonly linkSigner: LinkSigner
}

export type IngestOutcome =
  | { readonly outcome: 'created' | 'imported'; readonly stored: StoredPayment }
  | { readonly outcome: 'ignored'; readonly reason: 'duplicate_event' | 'already_processed' | 'own_event'; readonly paymentId: string }

const DAY = 86_400_000
const RETRY_CREATION_MS = 60_000

/** A fresh envelope: never copied from an input event (opencity.md §7.2). */
export function emit(deps: Pick<PaymentDeps, 'newId' | 'appId'>, payment: Payment, at: Date): WireEvent {
  const e: PaymentEvent = { ...payment, event_id: deps.newId(), event_version: '2.0', event_created_at: at, app_id: deps.appId }
  return eventToWire(e)
}

const unprocessable = (detail: string) => err<DomainError>({ code: 'unprocessable', detail })

export async function ingestPaymentEvent(
  deps: PaymentDeps,
  source: { readonly tenantId: string | null },
  event: PaymentEvent,
): Promise<Result<IngestOutcome, DomainError>> {
  const now = deps.clock()
  if (source.tenantId !== null && event.tenant_id !== source.tenantId) return err({ code: 'auth.tenant_mismatch' })
  if (event.app_id.startsWith('varco:')) return ok({ outcome: 'ignored', reason: 'own_event', paymentId: event.id })
  // The four reads at once (one wait for the database instead of four in turn), judged in the order below.
  const [seen, tenant, service, existing] = await Promise.all([
    deps.payments.seenInbound(event.event_id),
    deps.tenants.get(event.tenant_id),
    deps.services.get(event.tenant_id, event.service_id),
    deps.payments.get(event.tenant_id, event.id),
  ])
  if (seen) return ok({ outcome: 'ignored', reason: 'duplicate_event', paymentId: event.id })
  if (!tenant?.active) return unprocessable(`tenant ${event.tenant_id} has no active configuration`)
  if (!service?.active) return unprocessable(`service ${event.service_id} has no active configuration for this tenant`)
  if (existing) return ok({ outcome: 'ignored', reason: 'already_processed', paymentId: event.id })

  const { event_id, event_version: _v, event_created_at: _c, app_id: _a, ...incoming } = event
  const inbound = eventToWire(event)
  /** `p` with a signed update link, due at `due`. */
  const withUpdate = async (p: Payment, due: Date): Promise<Payment> => ({
    ...p,
    links: { ...p.links, update: { ...p.links.update, url: await signedLink(deps, 'update', p, now), next_check_at: due } },
  })

  if (event.status === 'CREATION_PENDING') {
    const amount = incoming.payment.amount ?? service.amount
    const split = incoming.payment.split.length > 0 ? incoming.payment.split : service.split
    const sum = split.reduce((a, s) => a + (s.amount ?? 0), 0)
    if (split.length > 0 && sum !== amount) {
      return err({
        code: 'validation',
        issues: [{ path: 'payment.split', message: `splits add up to ${sum / 100}, not to the amount ${amount / 100}` }],
      })
    }
    const base: Payment = {
      ...incoming,
      payment: {
        ...incoming.payment,
        amount,
        split,
        type: incoming.payment.type ?? service.payment_type,
        expire_at: incoming.payment.expire_at ?? new Date(now.getTime() + service.expire_at * DAY),
        pagopa_category: incoming.payment.pagopa_category ?? service.collection_data,
        receiver: incoming.payment.receiver ?? service.receiver,
      },
    }
    // Due at once: if the synchronous creation below does not happen, the poller retries it.
    const payment = await withUpdate(base, now)
    const stored: StoredPayment = { payment, intermediary: service.intermediary, providerRef: null }
    const written = await deps.payments.insert({ stored, events: [inbound], publish: [], inboundEventId: event_id, at: now })
    if (!written.ok)
      return written.error.code === 'conflict' ? ok({ outcome: 'ignored', reason: 'duplicate_event', paymentId: event.id }) : written
    return ok({ outcome: 'created', stored })
  }

  if (event.status === 'PAYMENT_PENDING') {
    if (incoming.payment.notice_code === null) return unprocessable('an imported PAYMENT_PENDING payment needs payment.notice_code')
    const check = nextCheck(incoming.created_at, now)
    const l = incoming.links
    const base: Payment = {
      ...incoming,
      links: {
        ...l,
        online_payment_begin: {
          ...l.online_payment_begin,
          url: l.online_payment_begin.url ?? (await signedLink(deps, 'online-payment', incoming, now)),
        },
        offline_payment: { ...l.offline_payment, url: l.offline_payment.url ?? (await signedLink(deps, 'notice', incoming, now)) },
      },
    }
    const payment = await withUpdate(base, 'next' in check ? check.next : now)
    const stored: StoredPayment = { payment, intermediary: service.intermediary, providerRef: null }
    const written = await deps.payments.insert({ stored, events: [inbound], publish: [], inboundEventId: event_id, at: now })
    if (!written.ok)
      return written.error.code === 'conflict' ? ok({ outcome: 'ignored', reason: 'duplicate_event', paymentId: event.id }) : written
    return ok({ outcome: 'imported', stored })
  }

  return unprocessable(`payment ${event.id} is unknown here and an event in status ${event.status} cannot create it`)
}

/** Writes a change with its event (if any); returns the stored state, or the current one after a lost race. */
export async function commit(
  deps: PaymentDeps,
  before: StoredPayment,
  after: StoredPayment,
  event: WireEvent | null,
  now: Date,
): Promise<StoredPayment> {
  const saved = await deps.payments.update(
    {
      stored: after,
      events: event ? [event] : [],
      publish: event ? [{ eventId: event.event_id, publishers: deps.publishers }] : [],
      at: now,
    },
    before.payment.updated_at,
  )
  if (saved.ok) return after
  deps.logger.warn('payment changed concurrently; keeping the stored state', { payment_id: after.payment.id, error: saved.error.code })
  return (await deps.payments.get(after.payment.tenant_id, after.payment.id)) ?? before
}

export async function createAtIntermediary(deps: PaymentDeps, stored: StoredPayment): Promise<StoredPayment> {
  const now = deps.clock()
  const p = stored.payment
  if (p.status !== 'CREATION_PENDING') return stored
  const provider = deps.providers[stored.intermediary]
  const tenant = await deps.tenants.get(p.tenant_id)
  if (!provider || !tenant) {
    deps.logger.error('cannot create payment: intermediary or tenant missing', { payment_id: p.id, intermediary: stored.intermediary })
    return stored
  }
  const creditor = deps.creditorOf(tenant)
  const amount = p.payment.amount
  // A marca da bollo digitale replaces the IBAN (GPD: iban xor stamp); its data come from the event only.
  const stamp = p.payment.type === 'STAMP' ? digitalStamp(p) : null
  const landing = await signedLink(deps, 'landing', p, now)
  const outcome =
    amount === null
      ? ({ kind: 'invalid_request', reason: 'the payment has no amount' } as const)
      : stamp && !stamp.ok
        ? ({ kind: 'invalid_request', reason: stamp.reason } as const)
        : await provider.create({
            paymentId: p.id,
            creditor,
            amount,
            currency: 'EUR',
            reason: (p.reason ?? p.payment.iud).slice(0, 140),
            dueAt: p.payment.expire_at ?? new Date(now.getTime() + 30 * DAY),
            payer: {
              kind: (p.debtor ?? p.payer).type,
              taxId: (p.debtor ?? p.payer).tax_identification_number,
              name: [(p.debtor ?? p.payer).name, (p.debtor ?? p.payer).family_name].filter(Boolean).join(' '),
              email: (p.debtor ?? p.payer).email ?? null,
            },
            transfers: [
              {
                amount,
                beneficiaryTaxId: p.payment.receiver?.tax_identification_number ?? creditor.taxId,
                beneficiaryName: p.payment.receiver?.name ?? creditor.name,
                category: p.payment.pagopa_category ?? '',
                remittance: (p.reason ?? p.payment.iud).slice(0, 140),
                ...(stamp?.ok ? { iban: null, stamp: stamp.stamp } : { iban: p.payment.receiver?.iban ?? creditor.iban ?? null }),
              },
            ],
            noticeCode: p.payment.notice_code,
            returnUrls: {
              ok: `${landing}&outcome=ok`,
              cancel: `${landing}&outcome=cancel`,
              error: `${landing}&outcome=error`,
            },
          })

  switch (outcome.kind) {
    case 'ok': {
      const check = nextCheck(p.created_at, now)
      const moved = transition(p, 'PAYMENT_PENDING', now, {
        payment: { ...p.payment, notice_code: outcome.value.noticeCode, iuv: outcome.value.iuv },
        links: {
          ...p.links,
          online_payment_begin: { ...p.links.online_payment_begin, url: await signedLink(deps, 'online-payment', p, now) },
          offline_payment: { ...p.links.offline_payment, url: await signedLink(deps, 'notice', p, now) },
          update: { ...p.links.update, last_check_at: now, next_check_at: 'next' in check ? check.next : null },
        },
      })
      if (!moved.ok) return stored
      const after = { ...stored, payment: moved.payment, providerRef: outcome.value.providerRef }
      return commit(deps, stored, after, emit(deps, moved.payment, now), now)
    }
    case 'invalid_request':
    case 'declined': {
      // The reason is ours (no amount, no stamp data, no IBAN) or the intermediary's refusal.
      deps.logger.warn('payment creation failed', { payment_id: p.id, kind: outcome.kind, reason: outcome.reason })
      const moved = transition(p, 'CREATION_FAILED', now, {
        links: { ...p.links, update: { ...p.links.update, last_check_at: now, next_check_at: null } },
      })
      if (!moved.ok) return stored
      return commit(deps, stored, { ...stored, payment: moved.payment }, emit(deps, moved.payment, now), now)
    }
    case 'auth':
    case 'retryable':
    case 'unknown': {
      deps.logger.warn('payment creation deferred', { payment_id: p.id, kind: outcome.kind, reason: outcome.reason })
      const retry = {
        ...p,
        updated_at: laterOf(now, p.updated_at),
        links: {
          ...p.links,
          update: { ...p.links.update, last_check_at: now, next_check_at: new Date(now.getTime() + RETRY_CREATION_MS) },
        },
      }
      return commit(deps, stored, { ...stored, payment: retry }, null, now)
    }
  }
}
