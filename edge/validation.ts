/** The one zod-failure formatter: every failure names its field (dotted path, wire names). @module */

import type { Hook } from '@hono/zod-openapi'
import type { FieldIssue } from '../core/errors.ts'
import type { AppEnv } from './context.ts'
import { DomainFailure } from './failure.ts'

type ZodLikeIssue = {
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
  readonly code?: string
  readonly keys?: readonly string[]
}

export function issuesOf(issues: readonly ZodLikeIssue[], target?: string): FieldIssue[] {
  return issues.flatMap((i) => {
    const base = i.path.map(String).join('.')
    if (i.code === 'unrecognized_keys' && i.keys) {
      return i.keys.map((k) => ({ path: base ? `${base}.${k}` : k, message: 'is not a known field' }))
    }
    const where = base || (target === 'json' ? '(body)' : (target ?? '(input)'))
    return [{ path: where, message: i.message }]
  })
}

// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every input shape.
export const validationHook: Hook<any, AppEnv, any, any> = (result) => {
  if (!result.success) {
    throw new DomainFailure({ code: 'validation', issues: issuesOf(result.error.issues, result.target) })
  }
}
