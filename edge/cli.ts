/**
 * The `varco` command: `migrate`, `tenant create|billing|key`, `platform create|revoke|key`, `keys rotate`, `token`, `fattura`, `sdi`, `rtd aggregate`,
 * `openapi`. Uses the same configuration (and development secret) as `npm start`. Results go to stdout as JSON; logs go to stderr.
 * Each command imports its own code when it runs (edge/cli-deps.ts for those that touch the database): every `varco`
 * used to load the whole app first, about a quarter of a second that `varco help`, a wrong command line or
 * `varco fattura validate` have no use for.
 * @module
 */

import { parseArgs } from 'node:util'
import { ROLES, type Role } from '../core/errors.ts'
import { BILLING_STATUSES, type BillingStatus } from '../core/payments-v2/model.ts'
import { CliUsageError, keyUsage, PLATFORM_USAGE } from './cli-usage.ts'
import { ConfigError } from './env.ts'
import { RTD_USAGE } from './rtd-usage.ts'

const USAGE = `usage: varco <command>

  migrate                                   apply pending database migrations
  tenant create --name <name> --tax-id <codice fiscale or P.IVA> [--id <uuid>] [--ipa-code <code>]
                                            create a tenant; prints {"id","api_key"} (the key is shown once)
${keyUsage('tenant', 'vk')}
${PLATFORM_USAGE}
  token --tenant <id> --user <id> --role <admin|operator|viewer> [--ttl 1h]
                                            print a JWT signed with JWT_SECRET (HS256)
  tenant billing --id <id> --status <active|trial|suspended|expired>
                                            set a tenant's subscription state (suspended/expired: 402 on /payment/v2)
  billing operator --tenant <id>            make that tenant the billing operator: its admins manage
                                            /billing/settings and record bank transfers
  keys rotate                               re-seal every stored secret under the current key (see SECURITY.md)
                                            under VARCO_ENCRYPTION_KEY_ID; idempotent; prints the counts
  fattura validate <file.xml|dir>...        validate FatturaPA files (XSD, SDI checks, identifiers); one line per
                                            error on stdout, a summary on stderr; exit 1 when any file is invalid
  fattura generate <invoice.json> [--out <dir>]
                                            issue the invoice in the JSON file (the body of POST /fatturapa/genera)
                                            with the next ProgressivoInvio; writes <file_name> into --out (default .)
  sdi send <file.xml> --numero <n> --tenant <id>
                                            send a FatturaPA to SDI (as POST /sdi/trasmetti: validated first,
                                            idempotent on the number); prints the transmission
  sdi status <sdi_id> --tenant <id>         re-read a transmission at OpenAPI.it; print it and its notifications
  sdi setup --fiscal-id <P.IVA> --name <name> --email <email> [--sign] [--legal-storage] [--callback-url <url>]
                                            register the company and the callback at OpenAPI.it (idempotent)
                                            In the sandbox the sdi commands use the simulator of the running npm start.
${RTD_USAGE}
  rtd send <dir> --tenant <id>              upload the ADE.….csv.pgp files in <dir> to pagoPA, each name once
                                            (409 = already there); records what was sent in <dir>/varco-sent.json
  rtd report --tenant <id>                  print pagoPA's file report; update the tenant's submissions
  rtd acks --tenant <id> [--out <dir>]      download, store and confirm the AdE errors files (ADEACK)
                                            In the sandbox the rtd commands use the simulator of the running npm start.
  openapi                                   print the OpenAPI 3.1 document

Configuration comes from the environment (VARCO_DB_URL, JWT_SECRET, ...; see README).`

class UsageError extends CliUsageError {}

/** Where the commands write: results on stdout, messages on stderr, a line each. */
const out = { stdout: (l: string) => process.stdout.write(`${l}\n`), stderr: (l: string) => process.stderr.write(`${l}\n`) }

/** The command's code, loaded when it runs (edge/cli-deps.ts and what it imports: the deps of `npm start`). */
const cliDeps = () => import('./cli-deps.ts')

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name]
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`)
  return v
}

async function main(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv
  switch (command) {
    case 'migrate': {
      const [{ localDeps }, { migrate }] = await Promise.all([cliDeps(), import('../adapters/libsql/migrate.ts')])
      const deps = localDeps()
      const report = await migrate(deps.db, deps.clock)
      process.stdout.write(`${JSON.stringify(report)}\n`)
      return 0
    }
    case 'fattura': {
      const { fatturaGenerate, fatturaValidate } = await import('./fattura-cli.ts')
      if (sub === 'validate') return await fatturaValidate(rest, out)
      if (sub === 'generate') return await fatturaGenerate(rest, (await cliDeps()).localDeps(), out)
      throw new UsageError(`unknown fattura command '${sub ?? ''}'`)
    }
    case 'keys': {
      if (sub !== 'rotate') throw new UsageError(`unknown keys command '${sub ?? ''}'`)
      const [{ localDeps }, { rotateAllSecrets, rotationFailed }] = await Promise.all([cliDeps(), import('../core/secrets-rotation.ts')])
      const deps = localDeps()
      await deps.ready
      const report = await rotateAllSecrets({
        ...deps.paymentsV2,
        credentials: deps.intermediaryCredentials,
        billing: deps.billing.repo,
        rtd: deps.rtd.repo,
      })
      process.stdout.write(`${JSON.stringify(report)}\n`)
      return rotationFailed(report) ? 1 : 0
    }
    case 'billing': {
      if (sub !== 'operator') throw new UsageError(`unknown billing command '${sub ?? ''}'`)
      const { values } = parseArgs({ args: rest, options: { tenant: { type: 'string' } }, strict: true })
      const id = required(values, 'tenant').toLowerCase()
      const [{ localDeps }, { setBillingOperator }] = await Promise.all([cliDeps(), import('../core/billing/settings-store.ts')])
      const deps = localDeps()
      await deps.ready
      if ((await deps.tenants.get(id)) === null) {
        process.stderr.write(`varco: tenant ${id} does not exist in ${deps.config.VARCO_DB_URL}\n`)
        return 1
      }
      await setBillingOperator(deps.billing, id)
      process.stdout.write(`${JSON.stringify({ billing_operator: id })}\n`)
      return 0
    }
    case 'tenant': {
      if (sub === 'key') {
        const [{ localDeps }, { keyCommand }] = await Promise.all([cliDeps(), import('./key-cli.ts')])
        return await keyCommand('tenant', rest, localDeps(), out)
      }
      if (sub === 'billing') {
        const { values } = parseArgs({ args: rest, options: { id: { type: 'string' }, status: { type: 'string' } }, strict: true })
        const status = required(values, 'status')
        if (!(BILLING_STATUSES as readonly string[]).includes(status)) {
          throw new UsageError(`--status must be one of ${BILLING_STATUSES.join(', ')}`)
        }
        const deps = (await cliDeps()).localDeps()
        await deps.ready
        const id = required(values, 'id').toLowerCase()
        if (!(await deps.paymentsV2.billing.set(id, status as BillingStatus))) {
          process.stderr.write(`varco: tenant ${id} does not exist in ${deps.config.VARCO_DB_URL}\n`)
          return 1
        }
        process.stdout.write(`${JSON.stringify({ id, billing_status: status })}\n`)
        return 0
      }
      if (sub !== 'create') throw new UsageError(`unknown tenant command '${sub ?? ''}'`)
      const { values } = parseArgs({
        args: rest,
        options: { name: { type: 'string' }, 'tax-id': { type: 'string' }, id: { type: 'string' }, 'ipa-code': { type: 'string' } },
        strict: true,
      })
      const [{ localDeps }, { provisionTenant }] = await Promise.all([cliDeps(), import('../core/use-cases/tenants.ts')])
      const deps = localDeps()
      await deps.ready
      const result = await provisionTenant(
        deps,
        {
          ...(values.id ? { id: values.id } : {}),
          name: required(values, 'name'),
          taxIdentificationNumber: required(values, 'tax-id'),
          ipaCode: values['ipa-code'] ?? null,
        },
        deps.clock(),
      )
      if (!result.ok) {
        const e = result.error
        const detail =
          e.code === 'validation' ? e.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : e.code === 'conflict' ? e.detail : e.code
        process.stderr.write(`varco: ${detail}\n`)
        return 1
      }
      process.stdout.write(`${JSON.stringify({ id: result.value.tenant.id, api_key: result.value.apiKey })}\n`)
      return 0
    }
    case 'platform': {
      const [{ localDeps }, { platformCommand }] = await Promise.all([cliDeps(), import('./platform-cli.ts')])
      return await platformCommand(sub, rest, localDeps(), out)
    }
    case 'token': {
      const { values } = parseArgs({
        args: [sub, ...rest].filter((a): a is string => a !== undefined),
        options: { tenant: { type: 'string' }, user: { type: 'string' }, role: { type: 'string' }, ttl: { type: 'string', default: '1h' } },
        strict: true,
      })
      const role = required(values, 'role')
      if (!(ROLES as readonly string[]).includes(role)) throw new UsageError('--role must be admin, operator or viewer')
      const [{ localDeps }, { parseTtl, signToken }] = await Promise.all([cliDeps(), import('../adapters/crypto/jwt.ts')])
      const ttlSeconds = parseTtl(values.ttl ?? '1h')
      if (ttlSeconds === null) throw new UsageError('--ttl must look like 90s, 15m, 1h or 7d')
      const tenantId = required(values, 'tenant').toLowerCase()
      const deps = localDeps()
      if (!deps.config.JWT_SECRET) throw new ConfigError('JWT_SECRET is not set; tokens for JWKS keys are issued by your identity provider')
      await deps.ready
      if (!(await deps.tenants.get(tenantId))) {
        process.stderr.write(`varco: tenant ${tenantId} does not exist in ${deps.config.VARCO_DB_URL}\n`)
        return 1
      }
      const token = await signToken({
        secret: deps.config.JWT_SECRET,
        tenantId,
        userId: required(values, 'user'),
        role: role as Role,
        ttlSeconds,
        now: deps.clock(),
        issuer: deps.config.JWT_ISSUER,
        audience: deps.config.JWT_AUDIENCE,
      })
      process.stdout.write(`${token}\n`)
      return 0
    }
    case 'sdi': {
      const [{ localDeps, cliTransmitter }, { sdiCommand }] = await Promise.all([cliDeps(), import('./sdi-cli.ts')])
      const deps = localDeps()
      return await sdiCommand(sub, rest, deps, cliTransmitter(deps), out)
    }
    case 'rtd': {
      if (sub === 'aggregate') {
        const tty = { isTTY: process.stderr.isTTY === true, columns: process.stderr.columns, write: (s: string) => process.stderr.write(s) }
        const { rtdAggregateCommand } = await import('./rtd-cli.ts')
        return await rtdAggregateCommand(rest, out, tty, () => new Date())
      }
      const [{ localDeps, cliRtd }, { rtdSendCommand }] = await Promise.all([cliDeps(), import('./rtd-send-cli.ts')])
      const deps = localDeps()
      return await rtdSendCommand(sub, rest, cliRtd(deps), deps.ready, out)
    }
    case 'openapi': {
      const { createApp, openApiInfo } = await import('./app.ts')
      const doc = createApp().getOpenAPI31Document(openApiInfo)
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`)
      return 0
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`)
      return command === undefined ? 2 : 0
    default:
      throw new UsageError(`unknown command '${command}'`)
  }
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (e) {
  if (e instanceof CliUsageError || (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`varco: ${e.message}\n\n${USAGE}\n`)
    process.exitCode = 2
  } else if (e instanceof ConfigError) {
    process.stderr.write(`varco: ${e.message}\n`)
    process.exitCode = 1
  } else {
    throw e
  }
}
