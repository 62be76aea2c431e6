/**
 * `varco platform create --name <name>` (prints `{"id","api_key"}`; the `vp_…` key is shown once,
 * only its hash is stored), `varco platform revoke --id <id>` (its keys answer 401 at once) and
 * `varco platform key rotate|revoke|list` (./key-cli.ts).
 * @module
 */

import { parseArgs } from 'node:util'
import { provisionPlatform, revokePlatform } from '../core/use-cases/platforms.ts'
import { CliUsageError, type Out } from './cli-usage.ts'
import type { Deps } from './deps/index.ts'
import { keyCommand } from './key-cli.ts'

export class PlatformUsageError extends CliUsageError {}

function option(values: Record<string, unknown>, name: string): string {
  const v = values[name]
  if (typeof v !== 'string' || v.trim() === '') throw new PlatformUsageError(`--${name} is required`)
  return v
}

export async function platformCommand(sub: string | undefined, args: string[], deps: Deps, out: Out): Promise<number> {
  if (sub === 'create') {
    const { values } = parseArgs({ args, options: { name: { type: 'string' } }, strict: true })
    const name = option(values, 'name')
    await deps.ready
    const r = await provisionPlatform(deps, { name }, deps.clock())
    if (!r.ok) {
      out.stderr(`varco: ${r.error.code === 'validation' ? r.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ') : r.error.code}`)
      return 1
    }
    out.stdout(JSON.stringify({ id: r.value.platform.id, api_key: r.value.apiKey }))
    return 0
  }
  if (sub === 'revoke') {
    const { values } = parseArgs({ args, options: { id: { type: 'string' } }, strict: true })
    const id = option(values, 'id')
    await deps.ready
    const r = await revokePlatform(deps, id, deps.clock())
    if (!r.ok) {
      out.stderr(`varco: platform ${id} does not exist in ${deps.config.VARCO_DB_URL}`)
      return 1
    }
    out.stdout(JSON.stringify({ id: r.value.id, revoked_at: r.value.revokedAt?.toISOString() ?? null }))
    return 0
  }
  if (sub === 'key') return keyCommand('platform', args, deps, out)
  throw new PlatformUsageError(`unknown platform command '${sub ?? ''}'`)
}
