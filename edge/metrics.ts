/**
 * Prometheus counters and histograms, kept per process (Node, Deno) or per isolate (Workers).
 * Rendered in the text exposition format 0.0.4 by GET /metrics.
 * @module
 */

type Labels = Readonly<Record<string, string>>

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
const labelText = (labels: Labels) => {
  const keys = Object.keys(labels)
  return keys.length === 0 ? '' : `{${keys.map((k) => `${k}="${escapeLabel(labels[k] as string)}"`).join(',')}}`
}

export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const

class Counter {
  readonly values = new Map<string, { labels: Labels; value: number }>()
  readonly name: string
  readonly help: string
  constructor(name: string, help: string) {
    this.name = name
    this.help = help
  }
  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels)
    const cur = this.values.get(key)
    if (cur) cur.value += by
    else this.values.set(key, { labels, value: by })
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`]
    for (const [key, v] of this.values) lines.push(`${this.name}${key} ${v.value}`)
    return lines.join('\n')
  }
}

class Histogram {
  readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>()
  readonly name: string
  readonly help: string
  readonly buckets: readonly number[]
  constructor(name: string, help: string, buckets: readonly number[] = DURATION_BUCKETS) {
    this.name = name
    this.help = help
    this.buckets = buckets
  }
  observe(labels: Labels, value: number): void {
    const key = labelText(labels)
    let s = this.series.get(key)
    if (!s) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }
      this.series.set(key, s)
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= (this.buckets[i] as number)) (s.counts[i] as number)++
    s.sum += value
    s.count++
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`]
    for (const s of this.series.values()) {
      this.buckets.forEach((b, i) => {
        lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.counts[i]}`)
      })
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`)
      lines.push(`${this.name}_sum${labelText(s.labels)} ${s.sum}`)
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`)
    }
    return lines.join('\n')
  }
}

export class MetricsRegistry {
  readonly requests = new Counter('oc_api_requests_total', 'HTTP requests by method, route template and status.')
  readonly requestDuration = new Histogram('oc_api_request_duration_seconds', 'HTTP request duration by method and route template.')
  readonly cronRuns = new Counter('varco_cron_runs_total', 'Cron job runs by job and outcome.')
  readonly paymentValidationErrors = new Counter(
    'oc_payment_validation_errors_total',
    'Payment events rejected as invalid, by source and reason.',
  )

  readonly paymentSuccess = new Counter('oc_payment_success_total', 'Payments that reached COMPLETE, by intermediary.')
  readonly paymentFailed = new Counter(
    'oc_payment_failed_total',
    'Payments that ended CREATION_FAILED, EXPIRED or CANCELED, by intermediary and status.',
  )
  readonly providerErrors = new Counter(
    'oc_payment_provider_errors_total',
    'Intermediary calls that did not succeed, by intermediary, operation and kind (declined, invalid_request, auth, retryable, unknown).',
  )
  readonly internalErrors = new Counter('oc_payment_internal_errors_total', 'Unexpected errors inside the gateway (HTTP 500s).')
  readonly providerLatency = new Histogram(
    'oc_payment_provider_latency',
    'Intermediary call duration in seconds, by intermediary and operation.',
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

  render(): string {
    const all = [
      this.requests,
      this.requestDuration,
      this.cronRuns,
      this.paymentValidationErrors,
      this.paymentSuccess,
      this.paymentFailed,
      this.providerErrors,
      this.internalErrors,
      this.providerLatency,
      this.sdiSent,
      this.sdiNotifications,
      this.sdiRejections,
      this.sdiCallbackLag,
    ]
    return `${all.map((m) => m.render()).join('\n')}\n`
  }
}

/** The registry of this process (Node, Deno) or isolate (Workers). Tests make their own. */
export const processMetrics = new MetricsRegistry()
