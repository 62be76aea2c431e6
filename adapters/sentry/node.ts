/**
 * Error reporting with Sentry's Node SDK (@sentry/node), loaded only when SENTRY_DSN is set. No
 * default integrations (no OpenTelemetry, no global handlers): only the errors the app reports.
 * @module
 */

import type { ReportError } from '../../ports/error-reporter.port.ts'
import { baseOptions, type SentryOptions } from './scrub.ts'

export type NodeSentry = { readonly report: ReportError; readonly flush: (timeoutMs: number) => Promise<boolean> }

export async function nodeSentry(options: SentryOptions): Promise<NodeSentry> {
  const Sentry = await import('@sentry/node')
  Sentry.initWithoutDefaultIntegrations(baseOptions(options))
  return {
    report: (error, context) => {
      Sentry.withScope((scope) => {
        scope.setTags({ request_id: context.requestId, method: context.method, route: context.route })
        Sentry.captureException(error)
      })
    },
    flush: (timeoutMs) => Sentry.flush(timeoutMs),
  }
}
