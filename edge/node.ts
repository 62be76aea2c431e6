/**
 * Node entry (`npm start`): the gateway on ${HOST:-127.0.0.1}:${PORT:-8787} with an embedded libSQL
 * file (or sqld), the cron schedule and the Kafka consumer in-process; Sentry's Node SDK when
 * SENTRY_DSN is set. SIGTERM/SIGINT: stop accepting, let in-flight requests finish (at most
 * VARCO_SHUTDOWN_TIMEOUT_MS, then their connections are closed), stop the scheduler after its running
 * jobs and the consumer after the event in hand, flush Sentry, close the database and exit 0
 * (opencity.md §7.1 "terminazione pulita").
 * @module
 */

import { serve } from '@hono/node-server'
import type { NodeSentry } from '../adapters/sentry/node.ts'
import { ConfigError } from './env.ts'
import { peerBindings, prepareLocal } from './local/serve.ts'
import { APP_ID } from './version.ts'

const KEEP_ALIVE_MS = 65_000

try {
  let sentry: NodeSentry | null = null
  const local = await prepareLocal(process.env, { reportError: (e, context) => sentry?.report(e, context) })
  const { config, logger } = local.deps
  if (config.SENTRY_DSN) {
    const { nodeSentry } = await import('../adapters/sentry/node.ts')
    sentry = await nodeSentry({ dsn: config.SENTRY_DSN, environment: config.VARCO_ENV, release: APP_ID })
    logger.info('error reporting to Sentry enabled')
  }
  const server = serve(
    { fetch: (req, node) => local.app.fetch(req, peerBindings(local.env, node)), port: local.port, hostname: local.hostname },
    (info) => {
      logger.info('varco listening', {
        url: `http://${info.address}:${info.port}`,
        docs: `http://${info.address}:${info.port}/docs`,
        environment: config.VARCO_ENV,
        sandbox: local.deps.sandbox !== null,
        database: local.deps.dbKind,
      })
    },
  )
  // Idle keep-alive connections stay open 65 s instead of Node's 5 s, longer than the idle timeout of the proxies and load
  // balancers usually in front (60 s). Otherwise one of them, or any client, may reuse a connection at the moment the
  // gateway closes it, and the request fails ("other side closed"; a 502 behind a load balancer). The headers timeout
  // must exceed it. Answers announce it (`Keep-Alive: timeout=65`); SIGTERM still closes idle connections at once.
  const http = server as import('node:http').Server
  http.keepAliveTimeout = KEEP_ALIVE_MS
  http.headersTimeout = KEEP_ALIVE_MS + 1000
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    const timeoutMs = config.VARCO_SHUTDOWN_TIMEOUT_MS
    logger.info('shutting down: draining in-flight requests', { signal, timeout_ms: timeoutMs })
    // close() stops accepting, closes idle keep-alive connections and calls back once the busy ones are done.
    const drained = new Promise<boolean>((resolve) => server.close(() => resolve(true)))
    const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref())
    if (!(await Promise.race([drained, timer]))) {
      logger.warn('shutdown timeout: closing the connections still open', { timeout_ms: timeoutMs })
      ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
    }
    await local.stop()
    await sentry?.flush(2000)
    await local.deps.db.close()
    logger.info('stopped', { signal })
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
} catch (e) {
  const message = e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)
  console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'varco failed to start', error: message }))
  process.exit(1)
}
