/** /health, /status and /metrics: public, cheap, and honest about what is down. @module */

import { OpenAPIHono } from '@hono/zod-openapi'
import type { JobRun } from '../../core/job.ts'
import { healthRoute, metricsRoute, statusRoute } from '../../openapi/system.ts'
import type { TenantWithoutIban } from '../../ports/config-audit.port.ts'
import type { AppEnv } from '../context.ts'
import { JOBS } from '../cron.ts'
import { degradations } from '../degraded.ts'
import { fallbackIban } from '../env.ts'
import type { MetricsRegistry } from '../metrics.ts'
import { APP_NAME } from '../version.ts'

export type RuntimeName = 'node' | 'deno' | 'workerd' | 'unknown'

export function detectRuntime(): RuntimeName {
  const g = globalThis as { Deno?: unknown; process?: { versions?: { node?: string } }; navigator?: { userAgent?: string } }
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd'
  if (g.Deno !== undefined) return 'deno'
  if (g.process?.versions?.node) return 'node'
  return 'unknown'
}

const wireRun = (r: JobRun) => ({
  id: r.id,
  trigger: r.trigger,
  started_at: r.startedAt.toISOString(),
  finished_at: r.finishedAt?.toISOString() ?? null,
  outcome: r.outcome,
  counts: { ...r.counts },
  error: r.error,
})

export function systemRoutes(metrics: MetricsRegistry, version: string) {
  const app = new OpenAPIHono<AppEnv>()

  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200))

  app.openapi(statusRoute, async (c) => {
    const deps = c.get('deps')
    let database: { ok: boolean; kind: typeof deps.dbKind; latency_ms: number | null; error?: string }
    let lastRuns: JobRun[] = []
    const fallback = fallbackIban(deps.config) !== null
    let withoutIban: TenantWithoutIban[] = []
    try {
      await deps.ready
      const ping = await deps.pingDb()
      database = { ok: true, kind: deps.dbKind, latency_ms: ping.latencyMs }
      lastRuns = await deps.jobRuns.latestPerJob()
      if (!fallback) withoutIban = await deps.tenantsWithoutIban(100)
    } catch (e) {
      deps.logger.error('status: database check failed', { error: e })
      database = { ok: false, kind: deps.dbKind, latency_ms: null, error: e instanceof Error ? e.message.slice(0, 200) : 'error' }
    }
    const degraded = degradations(deps)
    const body = {
      status: !database.ok ? ('unavailable' as const) : degraded.length > 0 ? ('degraded' as const) : ('ok' as const),
      version,
      environment: deps.config.VARCO_ENV,
      runtime: detectRuntime(),
      time: deps.clock().toISOString(),
      database,
      sandbox: {
        enabled: deps.sandbox !== null,
        simulators: (deps.sandbox?.simulators ?? []).map((s) => ({ name: s.name, base_url: s.baseUrl })),
      },
      pagopa: {
        fallback_iban: fallback,
        tenants_without_iban: withoutIban.map((t) => ({ tenant_id: t.tenantId, service_ids: [...t.serviceIds] })),
      },
      degraded,
      cron: JOBS.map(({ job, schedule }) => {
        const last = lastRuns.find((r) => r.job === job.name)
        return { job: job.name, schedule, description: job.description, last_run: last ? wireRun(last) : null }
      }),
    }
    c.header('cache-control', 'no-store')
    return database.ok ? c.json(body, 200) : c.json(body, 503)
  })

  app.openapi(metricsRoute, (c) => {
    const constant = { env: c.get('deps').config.VARCO_ENV, app_name: APP_NAME }
    return c.text(metrics.render(constant), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
  })

  return app
}
