/**
 * Echo simulator: the far side of the echo intermediary's wire (`GET /v1/ping`). It is deliberately
 * trivial; each intermediary issue adds a simulator of the same shape (a Hono app mounted at
 * `/sandbox/<name>/`).
 * @module
 */

import { Hono } from 'hono'
import type { Simulator } from '../types.ts'

export function echoSimulator(): Simulator {
  const app = new Hono()
  let pings = 0
  app.get('/v1/ping', (c) => {
    pings++
    return c.json({ status: 'ok', pings })
  })
  app.get('/', (c) =>
    c.html('<!doctype html><title>Echo simulator</title><h1>Echo intermediary simulator</h1><p><code>GET /sandbox/echo/v1/ping</code></p>'),
  )
  return { name: 'echo', description: 'Trivial intermediary that answers GET /v1/ping.', app }
}
