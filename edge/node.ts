/**
 * Node entry (`npm start`): the gateway on 127.0.0.1:${PORT:-8787} with an embedded libSQL file and
 * the cron schedule in-process. SIGTERM/SIGINT stop accepting, finish running jobs, then exit.
 * @module
 */

import { serve } from '@hono/node-server'
import { ConfigError } from './env.ts'
import { peerBindings, prepareLocal } from './local/serve.ts'

try {
  const local = await prepareLocal(process.env)
  const server = serve(
    { fetch: (req, node) => local.app.fetch(req, peerBindings(local.env, node)), port: local.port, hostname: local.hostname },
    (info) => {
      local.deps.logger.info('varco listening', {
        url: `http://${info.address}:${info.port}`,
        docs: `http://${info.address}:${info.port}/docs`,
        environment: local.deps.config.VARCO_ENV,
        sandbox: local.deps.sandbox !== null,
        database: local.deps.dbKind,
      })
    },
  )
  const shutdown = (signal: string) => {
    local.deps.logger.info('shutting down', { signal })
    server.close()
    void Promise.resolve(local.scheduler?.stop()).finally(() => {
      local.deps.db.close()
      process.exit(0)
    })
  }
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  process.once('SIGINT', () => shutdown('SIGINT'))
} catch (e) {
  const message = e instanceof ConfigError ? e.message : e instanceof Error ? (e.stack ?? e.message) : String(e)
  console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'varco failed to start', error: message }))
  process.exit(1)
}
