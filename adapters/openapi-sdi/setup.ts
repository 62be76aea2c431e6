/**
 * The one-time account set-up at OpenAPI.it (`npx varco sdi setup`; spec fatturapa.md §6.2),
 * idempotent: the business registry configuration of the fiscal id is created unless it exists;
 * the API configuration is written only when its `customer-notification` callback is not already
 * Varco's URL and header. A POST overwrites the whole configuration, so callbacks for other events
 * are sent back unchanged.
 * @module
 */

import type { Read, SdiSetupInput, SdiSetupReport } from '../../ports/sdi-transmitter.port.ts'
import type { HttpReply } from '../shared/http.ts'
import { readJson, type Schema } from '../shared/wire.ts'
import type { OpenapiClient } from './client.ts'
import { errorReason } from './map.ts'
import { ApiConfigurationList, type CallbackConfig, RegistryAnswer } from './wire.ts'

const EVENT = 'customer-notification'

type Step = SdiSetupReport['callbacks']

const failed = (reason: string): { readonly ok: false; readonly reason: string } => ({ ok: false, reason })

/** The answer, whatever its status, or why there is none. */
async function ask(client: OpenapiClient, req: Parameters<OpenapiClient['call']>[0], what: string): Promise<Read<HttpReply>> {
  const called = await client.call(req, what)
  return called.kind === 'reply' ? { ok: true, value: called.reply } : failed(`OpenAPI.it ${what}: ${called.reason}`)
}

const unexpected = (reply: HttpReply, what: string) => failed(`OpenAPI.it ${what}: ${errorReason(reply)}`)

function read<T>(reply: HttpReply, schema: Schema<T>, what: string): Read<T> {
  const r = readJson(reply.body, schema, () => `OpenAPI.it ${what}: an answer this adapter cannot read`)
  return r.kind === 'ok' ? { ok: true, value: r.value } : failed(r.reason)
}

async function businessRegistry(client: OpenapiClient, input: SdiSetupInput): Promise<Read<Step>> {
  const what = 'business registry'
  const got = await ask(client, { method: 'GET', path: `/business_registry_configurations/${encodeURIComponent(input.fiscalId)}` }, what)
  if (!got.ok) return got
  if (got.value.status === 200) {
    const r = read(got.value, RegistryAnswer, what)
    return r.ok ? { ok: true, value: 'unchanged' } : r
  }
  if (got.value.status !== 404) return unexpected(got.value, what)
  const json = {
    fiscal_id: input.fiscalId,
    name: input.name,
    email: input.email,
    apply_signature: input.applySignature,
    apply_legal_storage: input.applyLegalStorage,
  }
  const made = await ask(client, { method: 'POST', path: '/business_registry_configurations', json }, what)
  if (!made.ok) return made
  return made.value.status === 200 ? { ok: true, value: 'created' } : unexpected(made.value, what)
}

const isOurs = (c: CallbackConfig, input: SdiSetupInput, header: string) =>
  c.event === EVENT && c.url === input.callbackUrl && c.auth_header === header && (c.field ?? 'data') === 'data'

async function callbacks(client: OpenapiClient, input: SdiSetupInput, header: string): Promise<Read<Step>> {
  const what = 'api configuration'
  const got = await ask(client, { method: 'GET', path: `/api_configurations?${new URLSearchParams({ fiscal_id: input.fiscalId })}` }, what)
  if (!got.ok) return got
  if (got.value.status !== 200 && got.value.status !== 404) return unexpected(got.value, what)
  const list = got.value.status === 200 ? read(got.value, ApiConfigurationList, what) : { ok: true as const, value: { data: [] } }
  if (!list.ok) return list
  const current = list.value.data.find((c) => (c.fiscal_id ?? input.fiscalId) === input.fiscalId)
  const existing = current?.callbacks ?? []
  if (existing.some((c) => isOurs(c, input, header))) return { ok: true, value: 'unchanged' }
  const others = existing.filter((c) => c.event !== EVENT)
  const json = {
    fiscal_id: input.fiscalId,
    callbacks: [...others, { event: EVENT, url: input.callbackUrl, auth_header: header, field: 'data' }],
  }
  const made = await ask(client, { method: 'POST', path: '/api_configurations', json }, what)
  if (!made.ok) return made
  if (made.value.status !== 200) return unexpected(made.value, what)
  return { ok: true, value: current ? 'updated' : 'created' }
}

export async function setUp(client: OpenapiClient, input: SdiSetupInput, callbackHeader: string): Promise<Read<SdiSetupReport>> {
  const registry = await businessRegistry(client, input)
  if (!registry.ok) return registry
  const cb = await callbacks(client, input, callbackHeader)
  if (!cb.ok) return cb
  return { ok: true, value: { businessRegistry: registry.value, callbacks: cb.value } }
}
