/**
 * `varco sdi send|status|setup`, for operators. They use the same database and configuration as
 * the server. In the sandbox (no OPENAPI_SDI_API_KEY, development) they talk over HTTP to the
 * simulator of the running gateway (`<VARCO_PUBLIC_URL>/sandbox/openapi-sdi`), so `npm start` must
 * be running: the simulator's invoices live in that process.
 *  - send <file.xml> --numero <n> --tenant <id>: the body of POST /sdi/trasmetti from a file;
 *  - status <sdi_id> --tenant <id>: re-reads a transmission not final yet at the intermediary, then
 *    prints it with its notifications;
 *  - setup --fiscal-id --name --email [--sign] [--legal-storage] [--callback-url]: registers the
 *    company and the callback at OpenAPI.it (idempotent).
 * @module
 */

import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import type { DomainError } from '../core/errors.ts'
import { outboundUrlProblem } from '../core/outbound-url.ts'
import type { SdiDeps } from '../core/sdi/deps.ts'
import { getTransmission, readTransmission } from '../core/sdi/queries.ts'
import { transmit } from '../core/sdi/transmit.ts'
import type { SdiAccountSetup, SdiTransmitter } from '../ports/sdi-transmitter.port.ts'
import { CliUsageError, type Out } from './cli-usage.ts'
import type { Deps } from './deps/index.ts'
import { wireNotification, wireTransmission } from './routes/sdi.ts'

export class SdiUsageError extends CliUsageError {}

function need(values: Record<string, unknown>, name: string): string {
  const v = values[name]
  if (typeof v !== 'string' || v.trim() === '') throw new SdiUsageError(`--${name} is required`)
  return v
}

function describe(e: DomainError): string {
  switch (e.code) {
    case 'invoice.invalid':
      return e.issues.map((i) => `${i.code} ${i.xpath} ${i.message.it}`).join('\n')
    case 'validation':
      return e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')
    case 'conflict':
      return e.detail
    case 'not_found':
      return `${e.resource} ${e.id} not found`
    case 'unavailable':
      return `${e.dependency} is unavailable`
    default:
      return e.code
  }
}

/**
 * `sdiDeps` is the SDI slice of the gateway's deps with `transmitter` = the one the CLI reaches
 * (null when none is configured).
 */
export async function sdiCommand(
  sub: string | undefined,
  args: string[],
  deps: Deps,
  transmitter: (SdiTransmitter & SdiAccountSetup) | null,
  out: Out,
): Promise<number> {
  const sdi: SdiDeps = { ...deps.sdi, transmitter }
  switch (sub) {
    case 'send': {
      const { values, positionals } = parseArgs({
        args,
        options: { numero: { type: 'string' }, tenant: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      })
      const file = positionals[0]
      if (!file || positionals.length > 1) throw new SdiUsageError('sdi send takes one <file.xml>')
      const xml = new Uint8Array(await readFile(file))
      await deps.ready
      const tenantId = need(values, 'tenant').toLowerCase()
      if (!(await deps.tenants.get(tenantId))) {
        out.stderr(`varco: tenant ${tenantId} does not exist`)
        return 1
      }
      const r = await transmit(sdi, { tenantId, fatturaNumero: need(values, 'numero'), xml })
      if (!r.ok) {
        out.stderr(`varco: ${describe(r.error)}`)
        return 1
      }
      out.stdout(JSON.stringify({ created: r.value.created, ...wireTransmission(r.value.transmission) }))
      return r.value.transmission.state === 'errore' ? 1 : 0
    }
    case 'status': {
      const { values, positionals } = parseArgs({ args, options: { tenant: { type: 'string' } }, allowPositionals: true, strict: true })
      const id = positionals[0]
      if (!id || positionals.length > 1) throw new SdiUsageError('sdi status takes one <sdi_id>')
      await deps.ready
      const tenantId = need(values, 'tenant').toLowerCase()
      const first = await getTransmission(sdi, tenantId, id)
      if (!first.ok) {
        out.stderr(`varco: ${describe(first.error)}`)
        return 1
      }
      const v = await readTransmission(sdi, tenantId, id)
      if (!v.ok) return 1
      out.stdout(JSON.stringify({ ...wireTransmission(v.value.transmission), notifiche: v.value.notifications.map(wireNotification) }))
      return 0
    }
    case 'setup': {
      const { values } = parseArgs({
        args,
        options: {
          'fiscal-id': { type: 'string' },
          name: { type: 'string' },
          email: { type: 'string' },
          sign: { type: 'boolean', default: false },
          'legal-storage': { type: 'boolean', default: false },
          'callback-url': { type: 'string' },
        },
        strict: true,
      })
      if (transmitter === null) {
        out.stderr('varco: no SDI intermediary is configured (OPENAPI_SDI_EMAIL, OPENAPI_SDI_API_KEY, OPENAPI_SDI_CALLBACK_SECRET)')
        return 1
      }
      const callbackUrl = values['callback-url'] ?? `${deps.publicUrl}/webhooks/openapi-sdi`
      const unsafe = deps.config.VARCO_ENV === 'production' ? outboundUrlProblem(callbackUrl) : null
      if (unsafe) {
        out.stderr(`varco: the callback URL ${callbackUrl} ${unsafe}: OpenAPI.it must reach a public https address`)
        return 1
      }
      const fiscalId = need(values, 'fiscal-id').replace(/^IT/i, '')
      const r = await transmitter.setup({
        fiscalId,
        name: need(values, 'name'),
        email: need(values, 'email'),
        applySignature: values.sign === true,
        applyLegalStorage: values['legal-storage'] === true,
        callbackUrl,
      })
      if (!r.ok) {
        out.stderr(`varco: setup failed: ${r.reason}`)
        return 1
      }
      out.stdout(JSON.stringify({ fiscal_id: fiscalId, business_registry: r.value.businessRegistry, callbacks: r.value.callbacks }))
      return 0
    }
    default:
      throw new SdiUsageError(`unknown sdi command '${sub ?? ''}'`)
  }
}
