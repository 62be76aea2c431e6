/**
 * The echo intermediary: the smallest possible intermediary API, `GET {base}/v1/ping` →
 * `{"status":"ok"}`, used to prove the adapter ↔ simulator wiring of sandbox mode end to end.
 * Real intermediaries (pagoPA, Revolut, OnPay) follow the same shape: a base URL from config, an
 * injectable fetch and a deadline, through the shared HTTP skeleton (adapters/shared/http.ts).
 * @module
 */

import type { IntermediaryProbe } from '../../ports/intermediary-probe.port.ts'
import { createHttpClient } from '../shared/http.ts'

export type EchoConfig = {
  readonly baseUrl: string
  readonly fetch: typeof fetch
  /** Default 5 s: a probe that waits longer says nothing useful. */
  readonly timeoutMs?: number
}

export function createEchoAdapter(config: EchoConfig): IntermediaryProbe {
  const http = createHttpClient({ ...config, timeoutMs: config.timeoutMs ?? 5000 })
  return {
    name: 'echo',
    baseUrl: http.baseUrl,
    async probe() {
      const started = performance.now()
      const elapsed = () => Math.round(performance.now() - started)
      try {
        const reply = await http.exchange({ method: 'GET', path: '/v1/ping' })
        if (reply.status < 200 || reply.status > 299) return { ok: false, latencyMs: elapsed(), reason: `HTTP ${reply.status}` }
        const body = JSON.parse(reply.body) as { status?: unknown }
        return body.status === 'ok' ? { ok: true, latencyMs: elapsed() } : { ok: false, latencyMs: elapsed(), reason: 'unexpected body' }
      } catch (e) {
        return { ok: false, latencyMs: elapsed(), reason: e instanceof Error ? e.name : 'error' }
      }
    },
  }
}
