/** A simulator: a local server speaking one intermediary's wire format, mounted at /sandbox/<name>/. @module */

import type { Hono } from 'hono'

export type Simulator = {
  readonly name: string
  readonly description: string
  /** Handles paths relative to `/sandbox/<name>`. */
  readonly app: Hono
}
