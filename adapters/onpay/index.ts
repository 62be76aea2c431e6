/**
 * OnPay (ItaliaOnSite) as a PaymentProvider: one immutable payment link per payment (`get_link`)
 * on the configured circuit (Nexi, MultiSafepay or Volt), its state pulled from `get_notifications`,
 * no webhooks and no cancel (manual v1.8: "Non è possibile modificare o annullare un link generato").
 * Idempotent per paymentId through a stable extId. See providers.md §3.
 * @module
 */

import type { Clock } from '../../ports/clock.port.ts'
import type {
  CheckoutRequest,
  CreatedPayment,
  CreatePaymentRequest,
  Outcome,
  PaymentMethod,
  PaymentProvider,
  PaymentRef,
  ProviderPayment,
} from '../../ports/payment-provider.port.ts'
import { type Failure, invalid, ok } from '../shared/outcome.ts'
import { readJson, type Schema } from '../shared/wire.ts'
import { type OnpayGateway, supportsCurrency, toOrderAmount } from './amount.ts'
import { createOnpayHttp, httpFailure, type OnpayCall, type OnpayHttp } from './client.ts'
import {
  classifyError,
  credentialFields,
  decide,
  decodeRef,
  encodeRef,
  extIdFor,
  type GatewayCredentials,
  toLinkForm,
  toOnpayDateTime,
  toPaymentMethods,
} from './map.ts'
import { LinkResponse, type Notification, NotificationsResponse, OnpayKeyResponse, PaymentMethodsResponse, UsersResponse } from './wire.ts'

export { CURRENCIES, type OnpayGateway, supportsCurrency, toOrderAmount } from './amount.ts'
export { ONPAY_PRODUCTION_URL, ONPAY_TEST_URL } from './client.ts'
export { decodeRef as decodeOnpayRef, extIdFor as onpayExtIdFor, type OnpayRef } from './map.ts'

export type OnpayConfig = {
  /** API root holding `get_link/`, `get_notifications/`, …: `ONPAY_TEST_URL`, `ONPAY_PRODUCTION_URL` or the sandbox. */
  readonly baseUrl: string
  /** The OnPay production key (field `key`), agreed with the OnPay team / obtained with `get_onpay_key`. */
  readonly apiKey: string
  readonly gateway: OnpayGateway
  /** The circuit's own credentials, sent with every call (OnPay does not store them). */
  readonly gatewayApiKey: string
  /** Required for Nexi and Volt. */
  readonly gatewaySecretKey?: string
  /** Volt only (all three required for Volt). */
  readonly gatewayUsername?: string
  readonly gatewayPassword?: string
  readonly gatewayNotificationKey?: string
  readonly fetch: typeof fetch
  readonly clock: Clock
  /** Per call, including reading the body (default 10 s). A timeout is `unknown`. */
  readonly timeoutMs?: number
  /**
   * `basic` (default, `allnotifications=false`): OnPay reports only `completed`, the one documented
   * status. `all`: the circuit's own statuses, mapped by FULL_STATUS_MAP (from the circuits' docs).
   */
  readonly notifications?: 'basic' | 'all'
}

/** Throws on a configuration the manual rejects for the circuit: a missing secret is a deployment bug. */
function credentialsOf(config: OnpayConfig): GatewayCredentials {
  const missing: string[] = []
  if (!config.apiKey) missing.push('apiKey')
  if (!config.gatewayApiKey) missing.push('gatewayApiKey')
  if ((config.gateway === 'nexi' || config.gateway === 'volt') && !config.gatewaySecretKey) missing.push('gatewaySecretKey')
  if (config.gateway === 'volt') {
    for (const k of ['gatewayUsername', 'gatewayPassword', 'gatewayNotificationKey'] as const) if (!config[k]) missing.push(k)
  }
  if (missing.length > 0) throw new TypeError(`OnPay ${config.gateway}: missing ${missing.join(', ')}`)
  return {
    key: config.apiKey,
    gateway: config.gateway,
    gatewayApiKey: config.gatewayApiKey,
    gatewaySecretKey: config.gatewaySecretKey,
    gatewayUsername: config.gatewayUsername,
    gatewayPassword: config.gatewayPassword,
    gatewayNotificationKey: config.gatewayNotificationKey,
  }
}

/** POST + status + JSON + schema: the common path of every call. */
async function call<T>(http: OnpayHttp, name: OnpayCall, fields: Readonly<Record<string, string>>, schema: Schema<T>): Promise<Outcome<T>> {
  const sent = await http.post(name, fields)
  if (sent.kind === 'failure') return sent.failure
  const { reply } = sent
  if (reply.status !== 200) return httpFailure(name, reply)
  return readJson(reply.body, schema, (issues) => {
    if (!issues) return `OnPay ${name}: HTTP 200 with a body that is not JSON`
    const first = issues[0]
    return `OnPay ${name}: unexpected answer (${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'})`
  })
}

/** A `success: false` answer → Outcome kind; `other` means "the circuit said no" on a write, "not known" on a read. */
function refused(name: OnpayCall, message: string, write: boolean): Failure {
  const reason = `OnPay ${name}: ${message || 'success false without an error text'}`.slice(0, 300)
  switch (classifyError(message)) {
    case 'auth':
      return { kind: 'auth', reason }
    case 'invalid_request':
      return { kind: 'invalid_request', reason }
    case 'retryable':
      return { kind: 'retryable', reason }
    case 'duplicate':
    case 'other':
      return write ? { kind: 'declined', reason } : { kind: 'unknown', reason }
  }
}

const errorOf = (r: { readonly error?: string | null | undefined; readonly errors?: string | null | undefined }) =>
  r.error ?? r.errors ?? ''

export function createOnpayAdapter(config: OnpayConfig): PaymentProvider {
  const creds = credentialsOf(config)
  const http = createOnpayHttp(config)
  const allNotifications = config.notifications === 'all'

  async function notificationsOf(extId: string): Promise<Outcome<Notification[]>> {
    const fields = { ...credentialFields(creds, 'notifications'), extId, allnotifications: String(allNotifications) }
    const got = await call(http, 'get_notifications', fields, NotificationsResponse)
    if (got.kind !== 'ok') return got
    if (!got.value.success) return refused('get_notifications', errorOf(got.value), false)
    const mine = (got.value.notifications ?? []).filter(
      (n) => n.extId === extId && (n.gateway == null || n.gateway === '' || n.gateway.toLowerCase() === creds.gateway),
    )
    return ok(mine)
  }

  async function create(req: CreatePaymentRequest): Promise<Outcome<CreatedPayment>> {
    const currency: string = req.currency
    if (!supportsCurrency(creds.gateway, currency)) return invalid(`${creds.gateway} does not accept ${currency} through OnPay`)
    const amount = toOrderAmount(req.amount, currency)
    if (amount === null) return invalid(`OnPay cannot carry an amount of ${req.amount} ${currency} minor units`)
    if (req.dueAt.getTime() <= config.clock().getTime()) return invalid('the due date (the link expDate) must be in the future')
    const extId = await extIdFor(req.paymentId)
    const base = { extId, exp: req.dueAt.toISOString(), amount }
    const got = await call(http, 'get_link', toLinkForm(creds, req, extId, amount, currency), LinkResponse)
    if (got.kind !== 'ok') return got
    const r = got.value
    if (r.success) {
      if (r.extId != null && r.extId !== extId)
        return { kind: 'unknown', reason: `OnPay get_link answered for extId ${r.extId}, not ${extId}` }
      if (!r.link || !URL.canParse(r.link)) return { kind: 'unknown', reason: 'OnPay get_link: success without a usable link' }
      return ok({ providerRef: encodeRef({ ...base, orderId: r.orderId || null, link: r.link }), noticeCode: null, iuv: null })
    }
    const message = errorOf(r)
    if (classifyError(message) !== 'duplicate') return refused('get_link', message, true)
    // The extId is ours (derived from paymentId): an earlier create got through. OnPay never returns
    // a link again, so look the payment up (which also proves the credentials) and answer without the URL.
    const found = await notificationsOf(extId)
    if (found.kind !== 'ok') return found
    return ok({ providerRef: encodeRef({ ...base, orderId: null, link: null }), noticeCode: null, iuv: null })
  }

  async function read(ref: PaymentRef): Promise<Outcome<ProviderPayment>> {
    const r = decodeRef(ref.providerRef)
    if (!r) return invalid('no OnPay reference (extId) for this payment')
    const found = await notificationsOf(r.extId)
    if (found.kind !== 'ok') return found
    const d = decide(found.value, creds.gateway, r, config.clock())
    return ok({
      status: d.status,
      paidAt: d.status === 'paid' ? d.paidAt : null,
      // Notifications carry no transaction id: the circuit's orderId of the link is the closest one.
      transactionId: d.status === 'paid' ? (r.orderId ?? r.extId) : null,
      rawStatus: d.rawStatus,
    })
  }

  /** The link from create. Return URLs are fixed at creation (`completedUrl`/`canceledUrl`); those given here are ignored. */
  async function checkout(req: CheckoutRequest): Promise<Outcome<{ readonly url: string }>> {
    const r = decodeRef(req.ref.providerRef)
    if (!r) return invalid('no OnPay reference (extId) for this payment')
    if (!r.link) {
      return invalid(
        `the URL of OnPay link ${r.extId} is not known: OnPay returns it only when it creates the link, and this one was created by an earlier attempt`,
      )
    }
    if (r.exp && config.clock().getTime() > new Date(r.exp).getTime())
      return { kind: 'declined', reason: `OnPay link ${r.extId} expired at ${r.exp}` }
    return ok({ url: r.link })
  }

  /** OnPay links "cannot be modified or cancelled": always declined; the link stays payable until its expDate. */
  async function cancel(ref: PaymentRef): Promise<Outcome<void>> {
    const r = decodeRef(ref.providerRef)
    if (!r) return invalid('no OnPay reference (extId) for this payment')
    return {
      kind: 'declined',
      reason: `OnPay links cannot be cancelled (manual v1.8: "Non è possibile modificare o annullare un link generato"); link ${r.extId} stays payable until ${r.exp ?? 'its expDate'}`,
    }
  }

  async function methods(): Promise<Outcome<readonly PaymentMethod[]>> {
    const got = await call(http, 'get_payment_method', { key: creds.key }, PaymentMethodsResponse)
    if (got.kind !== 'ok') return got
    if (!got.value.success) return refused('get_payment_method', errorOf(got.value), false)
    return ok(toPaymentMethods(got.value.payment_method_list ?? [], creds.gateway))
  }

  return { name: 'onpay', create, read, checkout, cancel, methods }
}

/** The calls outside the PaymentProvider port: key activation, users, and notifications since a date (for a reconciler). */
export function createOnpayAdmin(config: OnpayConfig) {
  const creds = credentialsOf(config)
  const http = createOnpayHttp(config)
  return {
    /** 5. Exchanges a TEMPORARY activation key for the production key. */
    async activateKey(temporaryKey: string): Promise<Outcome<string>> {
      const got = await call(http, 'get_onpay_key', { key: temporaryKey }, OnpayKeyResponse)
      if (got.kind !== 'ok') return got
      if (!got.value.success || !got.value.onpaykey) return refused('get_onpay_key', errorOf(got.value), false)
      return ok(got.value.onpaykey)
    },
    /** 2. Every notification of these credentials from `since` (Rome time on the wire). */
    async notificationsSince(since: Date): Promise<Outcome<readonly Notification[]>> {
      const fields = {
        ...credentialFields(creds, 'notifications'),
        date: toOnpayDateTime(since),
        allnotifications: String(config.notifications === 'all'),
      }
      const got = await call(http, 'get_notifications', fields, NotificationsResponse)
      if (got.kind !== 'ok') return got
      if (!got.value.success) return refused('get_notifications', errorOf(got.value), false)
      return ok(got.value.notifications ?? [])
    },
    /** 3. The keys used between two dates, with link counts and amounts paid (wire ints). */
    async users(from: Date, to: Date) {
      const fields = { key: creds.key, datefrom: toOnpayDateTime(from), dateto: toOnpayDateTime(to) }
      const got = await call(http, 'get_users', fields, UsersResponse)
      if (got.kind !== 'ok') return got
      const v = got.value
      const flag = v.status ?? v.success ?? false
      if (!flag) return refused('get_users', errorOf(v), false)
      return ok(v.userslist ?? [])
    },
  }
}
