/**
 * The echo intermediary: the smallest possible intermediary API, `GET {base}/v1/ping` →
 * `{"status":"ok"}`, used to prove the adapter ↔ simulator wiring of sandbox mode end to end.
 * Real intermediaries (pagoPA, Stripe, Revolut, OnPay) follow the same shape: a base URL from
 * config and an injectable fetch.
 * @module
 */

import type { IntermediaryProbe } from '../../ports/intermediary-probe.port.ts'

export type EchoConfig = {
  readonly baseUrl: string
  readonly fetch: typeof fetch
  readonly timeoutMs?: number
}

export function createEchoAdapter(config: EchoConfig): IntermediaryProbe {
  const base = config.baseUrl.replace(/\/+$/, '')
  return {
    name: 'echo',
    baseUrl: base,
    async probe() {
      const started = performance.now()
      const elapsed = () => Math.round(performance.now() - started)
      try {
        const res = await config.fetch(`${base}/v1/ping`, {
          headers: { accept: 'application/json' },
          signal: AbortSignal.timeout(config.timeoutMs ?? 5000),
        })
        if (!res.ok) return { ok: false, latencyMs: elapsed(), reason: `HTTP ${res.status}` }
        const body = (await res.json()) as { status?: unknown }
        return body.status === 'ok' ? { ok: true, latencyMs: elapsed() } : { ok: false, latencyMs: elapsed(), reason: 'unexpected body' }
      } catch (e) {
        return { ok: false, latencyMs: elapsed(), reason: e instanceof Error ? e.name : 'error' }
      }
    },
  }
}
