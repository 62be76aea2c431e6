/** Hono context variables and bindings shared by middleware and routes. @module */

import type { Caller } from '../core/principal.ts'
import type { Logger } from '../ports/logger.port.ts'
import type { Deps } from './deps/index.ts'

export type Bindings = Record<string, unknown> & {
  /** Workers static assets binding (the vendored Scalar bundle). */
  readonly ASSETS?: { fetch: (req: Request) => Promise<Response> }
}

export type Variables = {
  requestId: string
  deps: Deps
  log: Logger
  /** Set by the authentication middleware on every non-public route. */
  principal: Caller
}

export type AppEnv = { Bindings: Bindings; Variables: Variables }
