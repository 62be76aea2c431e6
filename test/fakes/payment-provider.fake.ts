/**
 * A fake payment intermediary and the PaymentProvider that talks to it, for use-case and route
 * tests (like medusa's `system` provider). The far side keeps payments in memory (idempotent per
 * payment id), serves checkout pages and signs webhooks; the provider has controllable outcomes
 * (`script`), latency and timeout, credentials, and counts its calls. It passes the PaymentProvider
 * contract (a row of test/contract/payment-provider.matrix.ts), so a test built on it relies only on
 * what every real adapter does. Runtime-neutral.
 * @module
 */

import { signWebhook, verifyWebhookSignature } from '../../adapters/webhook/signature.ts'
import type {
  CreatedPayment,
  Outcome,
  PaymentMethod,
  PaymentProvider,
  PaymentRef,
  WebhookHint,
  WebhookInput,
} from '../../ports/payment-provider.port.ts'

export const FAKE_BASE = 'https://pay.fake.test'
export const FAKE_API_KEY = 'fake-api-key'
export const FAKE_WEBHOOK_SECRET = 'fake-webhook-secret-0123456789'
export const FAKE_SIGNATURE_HEADER = 'fake-signature'
/** How far a webhook's signing time may be from the receiver's clock. */
export const FAKE_WEBHOOK_TOLERANCE_MS = 5 * 60_000

type FarStatus = 'pending' | 'paid' | 'canceled' | 'expired'

type FarPayment = {
  readonly created: CreatedPayment
  readonly paymentId: string
  status: FarStatus
  paidAt: Date | null
  transactionId: string | null
  refusedAttempts: number
}

export type FakeIntermediaryOptions = {
  /** The far side's "now": payment dates, and the freshness of webhooks. Default: the system clock. */
  readonly clock?: () => Date
  readonly apiKey?: string
  readonly webhookSecret?: string
}

/** The far side: its state, and what a citizen or the intermediary does there. */
export type FakeIntermediary = ReturnType<typeof fakeIntermediary>

const refOf = (ref: PaymentRef | string): string => (typeof ref === 'string' ? ref : ref.providerRef)
const newRef = () => `fake_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`

export function fakeIntermediary(options: FakeIntermediaryOptions = {}) {
  const clock = options.clock ?? (() => new Date())
  const apiKey = options.apiKey ?? FAKE_API_KEY
  const webhookSecret = options.webhookSecret ?? FAKE_WEBHOOK_SECRET
  const byRef = new Map<string, FarPayment>()
  const byPaymentId = new Map<string, FarPayment>()
  const find = (ref: PaymentRef | string): FarPayment => {
    const p = byRef.get(refOf(ref))
    if (!p) throw new Error(`the fake intermediary has no payment ${refOf(ref)}`)
    return p
  }

  return {
    clock,
    apiKey,
    webhookSecret,
    /** Creates a payable payment (what a provider's create does; also for payments made elsewhere). */
    open(paymentId: string = crypto.randomUUID()): CreatedPayment {
      const known = byPaymentId.get(paymentId)
      if (known) return known.created
      const p: FarPayment = {
        created: { providerRef: newRef(), noticeCode: null, iuv: null },
        paymentId,
        status: 'pending',
        paidAt: null,
        transactionId: null,
        refusedAttempts: 0,
      }
      byRef.set(p.created.providerRef, p)
      byPaymentId.set(paymentId, p)
      return p.created
    },
    get: (ref: PaymentRef | string): FarPayment | undefined => byRef.get(refOf(ref)),
    /** What a create for our payment id made here, if one did. */
    createdFor: (paymentId: string): CreatedPayment | undefined => byPaymentId.get(paymentId)?.created,
    count: () => byRef.size,
    /** The citizen pays. */
    pay(ref: PaymentRef | string, at: Date = clock()) {
      const p = find(ref)
      if (p.status !== 'pending') throw new Error(`the fake intermediary cannot pay a ${p.status} payment`)
      Object.assign(p, { status: 'paid', paidAt: at, transactionId: `tx_${crypto.randomUUID().slice(0, 8)}` })
    },
    /** The citizen's attempt is refused (a declined card): nothing changes but a count. */
    declineAttempt(ref: PaymentRef | string) {
      find(ref).refusedAttempts++
    },
    /** Sets the far side's status directly (an expiry, or a state the test needs). */
    setStatus(ref: PaymentRef | string, status: FarStatus) {
      find(ref).status = status
    },
    checkoutUrl: (ref: PaymentRef | string) => `${FAKE_BASE}/checkout/${refOf(ref)}`,
    /** Serves the checkout pages, as a browser would load them. */
    async fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      const url = new URL(new Request(input, init).url)
      const p = url.pathname.startsWith('/checkout/') ? byRef.get(url.pathname.slice('/checkout/'.length)) : undefined
      if (url.origin !== FAKE_BASE || !p) return new Response('not found', { status: 404 })
      return new Response(`<!doctype html><title>Fake checkout</title><p>${p.status}</p>`, {
        headers: { 'content-type': 'text/html; charset=utf-8' },
      })
    },
    /**
     * A webhook delivery about `ref`, signed as this intermediary signs (`fake-signature`, HMAC of
     * `t.body`): `paid` or `pending` says so whatever the payment's state (a webhook is only a hint).
     */
    async sign(
      ref: PaymentRef | string,
      event: 'paid' | 'pending',
      o: { readonly at?: Date; readonly secret?: string; readonly eventId?: string } = {},
    ) {
      const p = find(ref)
      const at = o.at ?? clock()
      const rawBody = JSON.stringify({
        id: o.eventId ?? `evt_${crypto.randomUUID()}`,
        type: `payment.${event}`,
        created: Math.floor(at.getTime() / 1000),
        data: { ref: p.created.providerRef, payment_id: p.paymentId },
      })
      const signature = await signWebhook(o.secret ?? webhookSecret, rawBody, at)
      return { rawBody, headers: { 'content-type': 'application/json', [FAKE_SIGNATURE_HEADER]: signature } }
    },
  }
}

/** What a test scripts for one operation: outcomes taken in turn, or a function that may call the real behaviour. */
export type Script<Req, T> = readonly Outcome<T>[] | ((req: Req, real: () => Promise<Outcome<T>>) => Outcome<T> | Promise<Outcome<T>>)

type Operation = 'create' | 'read' | 'checkout' | 'cancel'
type RequestOf<K extends Operation> = Parameters<PaymentProvider[K]>[0]
type ValueOf<K extends Operation> = Awaited<ReturnType<PaymentProvider[K]>> extends Outcome<infer T> ? T : never

export type FakeProviderOptions = {
  /** The provider's name (the intermediary name in services and webhook routes). Default `fake`. */
  readonly name?: string
  /** The far side; default a new one. Share it to give two providers one intermediary. */
  readonly intermediary?: FakeIntermediary
  /** Default the intermediary's key; another one is answered `auth` on every call. */
  readonly apiKey?: string
  /** How long the far side takes to answer (its effect happens then, answered or not). */
  readonly latencyMs?: number
  /** How long the provider waits for an answer; then the outcome is `unknown`. Default: no limit. */
  readonly timeoutMs?: number
  /** The far side refuses every create for this business reason. */
  readonly declineCreates?: string
  /** False: no webhooks (no verifyWebhook), like a pull-only intermediary. Default true. */
  readonly webhooks?: boolean
  readonly methods?: readonly PaymentMethod[]
  /** Outcomes that replace the far side's answer, per operation. */
  readonly script?: { readonly [K in Operation]?: Script<RequestOf<K>, ValueOf<K>> }
}

export const FAKE_METHODS: readonly PaymentMethod[] = [
  { id: 'card', label: 'Carta di pagamento', recommended: true },
  { id: 'pagopa', label: 'pagoPA', recommended: false },
]

export type ProviderCalls = { create: number; read: number; checkout: number; cancel: number; verifyWebhook: number; methods: number }

/** The same provider, counting the calls of each operation (the counts are live). */
export function countingCalls(provider: PaymentProvider): { readonly provider: PaymentProvider; readonly calls: ProviderCalls } {
  const calls: ProviderCalls = { create: 0, read: 0, checkout: 0, cancel: 0, verifyWebhook: 0, methods: 0 }
  const count = <A extends unknown[], R>(op: keyof ProviderCalls, fn: (...args: A) => R) => {
    return (...args: A): R => {
      calls[op]++
      return fn(...args)
    }
  }
  const verify = provider.verifyWebhook?.bind(provider)
  const methods = provider.methods?.bind(provider)
  const counted: PaymentProvider = {
    name: provider.name,
    create: count('create', provider.create.bind(provider)),
    read: count('read', provider.read.bind(provider)),
    checkout: count('checkout', provider.checkout.bind(provider)),
    cancel: count('cancel', provider.cancel.bind(provider)),
    ...(verify ? { verifyWebhook: count('verifyWebhook', verify) } : {}),
    ...(methods ? { methods: count('methods', methods) } : {}),
  }
  return { provider: counted, calls }
}

export type FakeProvider = PaymentProvider & { readonly intermediary: FakeIntermediary; readonly calls: ProviderCalls }

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const missing = (ref: PaymentRef) => ({ kind: 'invalid_request', reason: `fake: no payment ${ref.providerRef}` }) as const

/** Runs one scripted operation: the next scripted outcome, the script's function, or the real answer. */
function scripted<Req, T>(script: Script<Req, T> | undefined, real: (req: Req) => Promise<Outcome<T>>) {
  const queue = Array.isArray(script) ? [...(script as readonly Outcome<T>[])] : null
  return async (req: Req): Promise<Outcome<T>> => {
    if (typeof script === 'function') return script(req, () => real(req))
    return queue?.shift() ?? real(req)
  }
}

export function fakeProvider(options: FakeProviderOptions = {}): FakeProvider {
  const far = options.intermediary ?? fakeIntermediary()
  const { latencyMs = 0, timeoutMs } = options
  const authorised = (options.apiKey ?? far.apiKey) === far.apiKey

  /** One exchange with the far side: `work` runs after the latency, whether or not anyone still waits for it. */
  async function exchange<T>(work: () => Outcome<T>): Promise<Outcome<T>> {
    if (!authorised) return { kind: 'auth', reason: 'fake: HTTP 401 invalid api key' }
    const answer = sleep(latencyMs).then(work)
    if (timeoutMs === undefined) return answer
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<Outcome<T>>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'unknown', reason: `fake: no answer within ${timeoutMs} ms` }), timeoutMs)
    })
    return Promise.race([answer, late]).finally(() => clearTimeout(timer))
  }

  const read = (ref: PaymentRef) =>
    exchange<ValueOf<'read'>>(() => {
      const p = far.get(ref)
      if (!p) return missing(ref)
      return {
        kind: 'ok',
        value: { status: p.status, paidAt: p.paidAt, transactionId: p.transactionId, rawStatus: p.status.toUpperCase() },
      }
    })

  async function verifyWebhook(input: WebhookInput) {
    const fail = (kind: 'invalid_signature' | 'stale' | 'malformed', reason: string) => ({ ok: false, error: { kind, reason } }) as const
    const header = input.headers[FAKE_SIGNATURE_HEADER]
    // The signature first, at any age: the time of an unauthenticated delivery means nothing.
    const signed = await verifyWebhookSignature({
      secret: far.webhookSecret,
      header,
      body: input.rawBody,
      now: input.receivedAt,
      toleranceSeconds: Number.MAX_SAFE_INTEGER,
    })
    if (!signed) return fail('invalid_signature', 'fake: signature does not match')
    const t = Number(/(?:^|,)t=(\d+)/.exec(header ?? '')?.[1]) * 1000
    if (Math.abs(input.receivedAt.getTime() - t) > FAKE_WEBHOOK_TOLERANCE_MS) return fail('stale', 'fake: signed too long ago')
    try {
      const body = JSON.parse(input.rawBody) as { id: string; type: string; data: { ref: string; payment_id: string } }
      const hint: WebhookHint = {
        dedupeKey: body.id,
        providerRef: body.data.ref,
        paymentId: body.data.payment_id,
        hint: body.type === 'payment.paid' ? 'paid' : body.type === 'payment.pending' ? 'pending' : 'other',
      }
      return { ok: true, value: hint } as const
    } catch {
      return fail('malformed', 'fake: unreadable body')
    }
  }

  const provider: PaymentProvider = {
    name: options.name ?? 'fake',
    create: scripted(options.script?.create, (req) =>
      exchange<CreatedPayment>(() => {
        if (req.amount <= 0) return { kind: 'invalid_request', reason: 'fake: amount must be positive' }
        if (options.declineCreates !== undefined) return { kind: 'declined', reason: options.declineCreates }
        return { kind: 'ok', value: far.open(req.paymentId) }
      }),
    ),
    read: scripted(options.script?.read, read),
    checkout: scripted(options.script?.checkout, (req) =>
      exchange<ValueOf<'checkout'>>(() => {
        const p = far.get(req.ref)
        if (!p) return missing(req.ref)
        if (p.status !== 'pending') return { kind: 'declined', reason: `fake: the payment is ${p.status}` }
        return { kind: 'ok', value: { url: far.checkoutUrl(req.ref) } }
      }),
    ),
    cancel: scripted(options.script?.cancel, (ref) =>
      exchange<void>(() => {
        const p = far.get(ref)
        if (!p) return missing(ref)
        if (p.status === 'paid') return { kind: 'declined', reason: 'fake: a paid payment cannot be cancelled' }
        p.status = 'canceled'
        return { kind: 'ok', value: undefined }
      }),
    ),
    ...(options.webhooks === false ? {} : { verifyWebhook }),
    methods: () => exchange(() => ({ kind: 'ok', value: options.methods ?? FAKE_METHODS })),
  }
  const { provider: counted, calls } = countingCalls(provider)
  return Object.assign(counted, { intermediary: far, calls })
}
