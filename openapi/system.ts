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
    status: z.enum(['ok', 'unavailable']),
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
    cron: z.array(
      z.object({
        job: z.string(),
        schedule: z.string().openapi({ example: '*/5 * * * *' }),
        description: z.string(),
        last_run: JobRunSchema.nullable(),
      }),
    ),
  })
  .openapi('Status')

export const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Operations'],
  summary: 'Liveness: the process answers (no dependency checks)',
  responses: {
    200: { description: 'Alive.', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } },
  },
})

export const statusRoute = createRoute({
  method: 'get',
  path: '/status',
  tags: ['Operations'],
  summary: 'Readiness: database check, sandbox mode and the last run of each cron job',
  responses: {
    200: { description: 'Ready.', content: { 'application/json': { schema: StatusSchema } } },
    503: { description: 'The database does not answer.', content: { 'application/json': { schema: StatusSchema } } },
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
          example: '# TYPE oc_api_requests_total counter\noc_api_requests_total{method="GET",route="/status",status="200"} 3\n',
        },
      },
    },
    500: PROBLEMS[500],
  },
})
