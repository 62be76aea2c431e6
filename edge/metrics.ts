/**
 * Prometheus counters and histograms, kept per process (Node, Deno) or per isolate (Workers).
 * Rendered in the text exposition format 0.0.4 by GET /metrics, every series prefixed with the
 * constant labels Opencity's dashboards select on (`env`, `app_name`; opencity.md §6).
 * @module
 */

type Labels = Readonly<Record<string, string>>

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
const labelText = (labels: Labels) => {
  const keys = Object.keys(labels)
  return keys.length === 0 ? '' : `{${keys.map((k) => `${k}="${escapeLabel(labels[k] as string)}"`).join(',')}}`
}

export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const

type CounterCell = { labels: Labels; value: number }
type HistogramSeries = { labels: Labels; counts: number[]; sum: number; count: number }

class Counter {
  readonly values = new Map<string, CounterCell>()
  readonly name: string
  readonly help: string
  constructor(name: string, help: string) {
    this.name = name
    this.help = help
  }
  inc(labels: Labels = {}, by = 1): void {
    this.cell(labels).value += by
  }
  /** The series of `labels` (created at 0), to be incremented in place by a caller that keeps it. */
  cell(labels: Labels): CounterCell {
    const key = labelText(labels)
    let cur = this.values.get(key)
    if (!cur) {
      cur = { labels, value: 0 }
      this.values.set(key, cur)
    }
    return cur
  }
  render(constant: Labels = {}): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`]
    for (const v of this.values.values()) lines.push(`${this.name}${labelText({ ...constant, ...v.labels })} ${v.value}`)
    return lines.join('\n')
  }
}

class Histogram {
  readonly series = new Map<string, HistogramSeries>()
  readonly name: string
  readonly help: string
  readonly buckets: readonly number[]
  constructor(name: string, help: string, buckets: readonly number[] = DURATION_BUCKETS) {
    this.name = name
    this.help = help
    this.buckets = buckets
  }
  observe(labels: Labels, value: number): void {
    this.observeIn(this.seriesOf(labels), value)
  }
  /** The series of `labels` (created empty), for {@link observeIn} by a caller that keeps it. */
  seriesOf(labels: Labels): HistogramSeries {
    const key = labelText(labels)
    let s = this.series.get(key)
    if (!s) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }
      this.series.set(key, s)
    }
    return s
  }
  observeIn(s: HistogramSeries, value: number): void {
    for (let i = 0; i < this.buckets.length; i++) if (value <= (this.buckets[i] as number)) (s.counts[i] as number)++
    s.sum += value
    s.count++
  }
  render(constant: Labels = {}): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`]
    for (const s of this.series.values()) {
      const labels = { ...constant, ...s.labels }
      this.buckets.forEach((b, i) => {
        lines.push(`${this.name}_bucket${labelText({ ...labels, le: String(b) })} ${s.counts[i]}`)
      })
      lines.push(`${this.name}_bucket${labelText({ ...labels, le: '+Inf' })} ${s.count}`)
      lines.push(`${this.name}_sum${labelText(labels)} ${s.sum}`)
      lines.push(`${this.name}_count${labelText(labels)} ${s.count}`)
    }
    return lines.join('\n')
  }
}

export class MetricsRegistry {
  readonly requests = new Counter('oc_api_requests_total', 'HTTP requests by method, route template and status_code.')
  readonly requestDuration = new Histogram('oc_api_request_duration_seconds', 'HTTP request duration by method and route template.')
  readonly cronRuns = new Counter('varco_cron_runs_total', 'Cron job runs by job and outcome.')
  readonly paymentValidationErrors = new Counter(
    'oc_payment_validation_errors_total',
    'Payment events rejected as invalid, by source and reason.',
  )

  readonly successEvents = new Counter(
    'oc_payment_success_events_total',
    'Payment events of a configured tenant and service processed successfully (created at the intermediary, or imported), by intermediary.',
  )
  readonly failedEvents = new Counter(
    'oc_payment_failed_events_total',
    'Valid payment events whose processing failed for any reason (CREATION_FAILED, or an unexpected error), by intermediary or source.',
  )
  readonly providerErrors = new Counter(
    'oc_payment_provider_errors_total',
    'Intermediary calls that did not succeed, by intermediary, operation and kind (declined, invalid_request, auth, retryable, unknown, exception).',
  )
  readonly internalErrors = new Counter(
    'oc_payment_internal_errors_total',
    'Unexpected errors inside the gateway, by source (http: HTTP 500s; kafka, queue: payment events that threw).',
  )
  readonly providerLatency = new Histogram(
    'oc_payment_provider_latency',
    'Intermediary call duration in seconds, by intermediary and operation.',
  )
  readonly settled = new Counter(
    'varco_payments_settled_total',
    'Payments that reached COMPLETE, EXPIRED or CANCELED, by intermediary and status.',
  )

  readonly sdiSent = new Counter(
    'oc_sdi_sent_total',
    'FatturaPA files sent to the SDI intermediary, by outcome (accepted, refused, unknown).',
  )
  readonly sdiNotifications = new Counter('oc_sdi_notifications_total', 'SDI notifications stored, by type (RC, NS, MC, NE, DT, AT).')
  readonly sdiRejections = new Counter('oc_sdi_rejections_total', 'SDI rejections by code: NS error codes (00404, …) and NE EC02.')
  readonly sdiCallbackLag = new Histogram(
    'oc_sdi_callback_lag_seconds',
    'Seconds from the intermediary creating a notification to its callback reaching the gateway.',
    [1, 5, 15, 60, 300, 900, 3600, 21600],
  )

  /** Series of the two HTTP metrics by method, route template and status, so that a request allocates nothing. */
  private readonly http = new Map<string, Map<string, Map<number, { count: CounterCell; duration: HistogramSeries }>>>()

  /** One HTTP request: `oc_api_requests_total` and `oc_api_request_duration_seconds` (the same as `inc` + `observe`). */
  recordRequest(method: string, route: string, status: number, seconds: number): void {
    let byRoute = this.http.get(method)
    if (!byRoute) {
      byRoute = new Map()
      this.http.set(method, byRoute)
    }
    let byStatus = byRoute.get(route)
    if (!byStatus) {
      byStatus = new Map()
      byRoute.set(route, byStatus)
    }
    let slot = byStatus.get(status)
    if (!slot) {
      slot = {
        count: this.requests.cell({ method, route, status_code: String(status) }),
        duration: this.requestDuration.seriesOf({ method, route }),
      }
      byStatus.set(status, slot)
    }
    slot.count.value++
    this.requestDuration.observeIn(slot.duration, seconds)
  }

  /** The exposition text; `constant` labels (`env`, `app_name`) come first on every series. */
  render(constant: Labels = {}): string {
    const all = [
      this.requests,
      this.requestDuration,
      this.cronRuns,
      this.paymentValidationErrors,
      this.successEvents,
      this.failedEvents,
      this.providerErrors,
      this.internalErrors,
      this.providerLatency,
      this.settled,
      this.sdiSent,
      this.sdiNotifications,
      this.sdiRejections,
      this.sdiCallbackLag,
    ]
    return `${all.map((m) => m.render(constant)).join('\n')}\n`
  }
}

/** The registry of this process (Node, Deno) or isolate (Workers). Tests make their own. */
export const processMetrics = new MetricsRegistry()
