/**
 * What a test over HTTP needs done next to a running local gateway, against its database, in one short
 * process (run by test/e2e/parity.deno.test.ts under Deno, with VARCO_DB_URL, VARCO_PUBLIC_URL and
 * JWT_SECRET in the environment). Prints one JSON line.
 * - `dispatch`: one run of the minute's outbox dispatcher, delivering to the gateway's Kafka REST Proxy
 *   simulator over HTTP: what its scheduler does at the minute (the tests run it with VARCO_CRON=false);
 * - `tenants <n> <name> [<n> <name>…]`: n tenants of each name, as `varco tenant create` makes them one per
 *   process (a process costs seconds on a busy box; a test makes dozens): {name: [{id, api_key}]};
 * - `platforms <n>`: n platforms, as `varco platform create` makes them ([{id, api_key}]).
 * @module
 */

import process from 'node:process'
import { jsonLogger } from '../../adapters/log/json-logger.ts'
import { dispatchOutboxJob } from '../../core/jobs/dispatch-outbox.ts'
import { provisionPlatform } from '../../core/use-cases/platforms.ts'
import { provisionTenant } from '../../core/use-cases/tenants.ts'
import { buildDeps } from '../../edge/deps/index.ts'
import { openLocalDb } from '../../edge/local/db.ts'
import { sandboxCredentials } from '../../sandbox/index.ts'

const [command, ...args] = process.argv.slice(2)
const dbUrl = process.env['VARCO_DB_URL'] ?? ''
const deps = buildDeps(
  {
    VARCO_ENV: 'development',
    VARCO_DB_URL: dbUrl,
    JWT_SECRET: process.env['JWT_SECRET'] ?? '',
    VARCO_SANDBOX: 'false',
    VARCO_PUBLISHERS: 'kafka',
    KAFKA_REST_URL: `${process.env['VARCO_PUBLIC_URL']}/sandbox/kafka-rest`,
    KAFKA_CLUSTER_ID: sandboxCredentials.kafkaRest.clusterId,
  },
  { db: openLocalDb(dbUrl), logger: jsonLogger({ level: 'warn', write: (line) => process.stderr.write(`${line}\n`) }) },
)
await deps.ready
if (command === 'dispatch') {
  console.log(JSON.stringify((await dispatchOutboxJob.run(deps, new Date())).counts))
} else if (command === 'tenants') {
  const made: Record<string, Array<{ id: string; api_key: string }>> = {}
  for (let i = 0; i + 1 < args.length; i += 2) {
    const name = String(args[i + 1])
    const list: Array<{ id: string; api_key: string }> = []
    made[name] = list
    for (let n = 0; n < Number(args[i]); n++) {
      const r = await provisionTenant(deps, { name, taxIdentificationNumber: '00341620508' }, new Date())
      if (!r.ok) throw new Error(r.error.code)
      list.push({ id: r.value.tenant.id, api_key: r.value.apiKey })
    }
  }
  console.log(JSON.stringify(made))
} else if (command === 'platforms') {
  const made: Array<{ id: string; api_key: string }> = []
  for (let n = 0; n < Number(args[0]); n++) {
    const r = await provisionPlatform(deps, { name: `Opencity ${n + 1}` }, new Date())
    if (!r.ok) throw new Error(r.error.code)
    made.push({ id: r.value.platform.id, api_key: r.value.apiKey })
  }
  console.log(JSON.stringify(made))
} else {
  throw new Error('usage: server-jobs.script.ts dispatch | tenants <n> <name> [<n> <name>…] | platforms <n>')
}
