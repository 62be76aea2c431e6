/** Public operational endpoints: liveness, status, Prometheus metrics. @module */

import { createRoute, z } from '@hono/zod-openapi'
import { PROBLEMS } from './common.ts'

const JobRunSchema = z
  .object({
    id: z.string(),
    trigger: z.string().openapi({ example: '*/5 * * * *' }),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    outcome: z.enum(['running', 'ok', 'error']),
    counts: z.record(z.string(), z.number()),
    error: z.string().nullable(),
  })
  .openapi('JobRun')

export const StatusSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'unavailable']).openapi({
      description: '`degraded`: serving, but something configured wrongly loses work silently (see `degraded`).',
    }),
    version: z.string().openapi({ example: '0.1.0' }),
    environment: z.enum(['development', 'production', 'test']),
    runtime: z.enum(['node', 'deno', 'workerd', 'unknown']),
    time: z.string(),
    database: z.object({
      ok: z.boolean(),
      kind: z.enum(['file', 'memory', 'remote']),
      latency_ms: z.number().nullable(),
      error: z.string().optional(),
    }),
    sandbox: z.object({
      enabled: z.boolean(),
      simulators: z.array(z.object({ name: z.string(), base_url: z.string() })),
    }),
    pagopa: z
      .object({
        fallback_iban: z.boolean().openapi({
          description:
            'Whether tenants without their own IBAN are credited PAGOPA_IBAN (or, outside production and in the sandbox, a sample IBAN).',
        }),
        tenants_without_iban: z.array(z.object({ tenant_id: z.string(), service_ids: z.array(z.string()) })).openapi({
          description:
            'Without a fallback IBAN: the active tenants with active pagoPA services and no accredit IBAN (first 100). Their payments end CREATION_FAILED until the tenant’s pagopa.iban is set.',
        }),
      })
      .openapi({ description: 'pagoPA configuration problems.' }),
    degraded: z
      .array(
        z.object({
          component: z.enum(['events']),
          missing: z.string().openapi({ example: 'VARCO_PUBLISHERS' }),
          detail: z.string(),
        }),
      )
      .openapi({ description: 'What is degraded and the missing setting (empty when nothing is).' }),
    cron: z.array(
      z.object({
        job: z.string(),
        schedule: z.string().openapi({ example: '*/5 * * * *' }),
        description: z.string(),
        last_run: JobRunSchema.nullable(),
      }),
    ),
  })
  .openapi('Status', {
    example: {
      status: 'ok',
      version: '0.1.0',
      environment: 'development',
      runtime: 'node',
      time: '2026-11-23T12:21:34.545Z',
      database: { ok: true, kind: 'file', latency_ms: 0.3 },
      sandbox: { enabled: true, simulators: [{ name: 'echo', base_url: 'http://127.0.0.1:8787/sandbox/echo' }] },
      pagopa: { fallback_iban: true, tenants_without_iban: [] },
      degraded: [],
      cron: [
        {
          job: 'intermediary-health',
          schedule: '*/5 * * * *',
          description: 'Checks that each configured intermediary API answers.',
          last_run: {
            id: '1b5746c7-d7e0-4b13-bfdc-667233804e88',
            trigger: '*/5 * * * *',
            started_at: '2026-11-23T12:35:00.012Z',
            finished_at: '2026-11-23T12:35:00.016Z',
            outcome: 'ok',
            counts: { probed: 1, reachable: 1, unreachable: 0 },
            error: null,
          },
        },
      ],
    },
  })

export const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Operations'],
  summary: 'Liveness: the process answers (no dependency checks)',
  responses: {
    200: {
      description: 'Alive.',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok') }), example: { status: 'ok' } } },
    },
    500: PROBLEMS[500],
  },
})

export const statusRoute = createRoute({
  method: 'get',
  path: '/status',
  tags: ['Operations'],
  summary: 'Readiness: database check, sandbox mode and the last run of each cron job',
  responses: {
    200: {
      description: 'Ready (`status: ok`), or serving with something degraded (`status: degraded`, listed in `degraded`).',
      content: { 'application/json': { schema: StatusSchema } },
    },
    503: {
      description: 'The database does not answer.',
      content: {
        'application/json': {
          schema: StatusSchema,
          example: {
            status: 'unavailable',
            version: '0.1.0',
            environment: 'production',
            runtime: 'workerd',
            time: '2026-11-23T12:21:34.545Z',
            database: { ok: false, kind: 'remote', latency_ms: null, error: 'database did not answer within 2000 ms' },
            sandbox: { enabled: false, simulators: [] },
            pagopa: { fallback_iban: false, tenants_without_iban: [] },
            degraded: [],
            cron: [],
          },
        },
      },
    },
    500: PROBLEMS[500],
  },
})

export const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['Operations'],
  summary: 'Prometheus metrics (text exposition format 0.0.4)',
  responses: {
    200: {
      description: 'Counters and histograms of this process/isolate.',
      content: {
        'text/plain': {
          schema: z.string(),
          example:
            '# TYPE oc_api_requests_total counter\noc_api_requests_total{env="production",app_name="varco",method="GET",route="/status",status_code="200"} 3\n',
        },
      },
    },
    500: PROBLEMS[500],
  },
})
