/**
 * The deps of the `varco` commands that touch the database or an intermediary: the configuration and database of
 * `npm start` (the development secret included), the sandbox off. Loaded by edge/cli.ts only for those commands.
 * @module
 */

import { jsonLogger } from '../adapters/log/json-logger.ts'
import { createSandbox } from '../sandbox/index.ts'
import { buildDeps } from './deps/index.ts'
import { buildRtd } from './deps/rtd.ts'
import { sdiTransmitter } from './deps/sdi.ts'
import { parseConfig } from './env.ts'
import { openLocalDb } from './local/db.ts'
import { loadLocalEnv } from './local/env.ts'
import { localRtdDisk } from './local/rtd-disk.ts'
import { nodeXsd } from './local/xsd.ts'

function stderrLogger() {
  return jsonLogger({ level: 'warn', write: (line) => process.stderr.write(`${line}\n`) })
}

export function localDeps() {
  const { env } = loadLocalEnv(process.env)
  return buildDeps(
    { ...env, VARCO_SANDBOX: 'false' },
    {
      logger: stderrLogger(),
      // A command lasts a second: SQLite's own checkpoints, no checkpointer thread. Its exit ended that thread, once
      // while the thread was opening its connection, and libsql's binding panicked (the command failed in CI).
      db: openLocalDb(env['VARCO_DB_URL'] ?? '', env['VARCO_DB_AUTH_TOKEN'], {
        checkpoints: 'inline',
        timeoutMs: parseConfig(env).VARCO_DB_TIMEOUT_MS,
      }),
      xsd: nodeXsd,
    },
  )
}

export type LocalDeps = ReturnType<typeof localDeps>

/**
 * The simulators of the running gateway when the environment turns the sandbox on, else null. `deps` has the sandbox
 * off (the CLI's own process serves no simulator), so the setting is read from the environment again.
 */
function cliSandbox(deps: LocalDeps) {
  return parseConfig(loadLocalEnv(process.env).env).sandbox ? createSandbox(deps.config.VARCO_PUBLIC_URL) : null
}

/**
 * The CLI's SDI intermediary: the configured OpenAPI.it account, or, in the sandbox, the simulator
 * of the running gateway over HTTP (its invoices live in that process).
 */
export function cliTransmitter(deps: LocalDeps) {
  return sdiTransmitter(deps.config, cliSandbox(deps), fetch, deps.clock)
}

/** RTD deps for the CLI: the tenant's pagoPA, or in the sandbox the simulator of the running gateway over HTTP. */
export function cliRtd(deps: LocalDeps) {
  const { env, dataDir } = loadLocalEnv(process.env)
  return buildRtd({
    config: deps.config,
    db: deps.db,
    sandbox: cliSandbox(deps),
    fetch,
    clock: deps.clock,
    newId: deps.newId,
    logger: deps.logger,
    secrets: deps.paymentsV2.secretBox,
    disk: localRtdDisk(env, dataDir),
    repo: deps.rtd.repo,
  })
}
