/**
 * How every OnPay call reads its request (manual v1.8): a form, urlencoded or multipart, whose
 * `key` and, for most calls, `gateway` and circuit credentials must match; and its failure body
 * (`success: "false"` with an `error` or `errors` text, still HTTP 200).
 * @module
 */

import type { Context, Hono } from 'hono'
import { type Gateway, SANDBOX_ONPAY } from './credentials.ts'

export type Form = Record<string, string>

/** The string fields of the request body (files are ignored); {} when it is not a form. */
export async function readForm(c: Context): Promise<Form> {
  const body = await c.req.parseBody().catch(() => ({}))
  const out: Form = {}
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v
  return out
}

export const fail = (c: Context, field: 'error' | 'errors', message: string, extra: Record<string, unknown> = {}) =>
  c.json({ success: 'false', ...extra, [field]: message })

/** Registers OnPay call `name` at `/api/<name>/` and, as the simulator also accepts, without the slash; the handler gets the form. */
export function onpayCall(app: Hono, name: string, handler: (c: Context, f: Form) => Response | Promise<Response>): void {
  app.on('POST', [`/api/${name}/`, `/api/${name}`], async (c) => handler(c, await readForm(c)))
}

/** The key, gateway and circuit credentials; a message when they are wrong. */
export function authenticate(f: Form, needGateway: boolean): { gateway: Gateway; quaterna: string } | string | null {
  if (!f['key']) return 'Campo key obbligatorio mancante'
  if (f['key'] !== SANDBOX_ONPAY.key) return 'Chiave OnPay non valida'
  if (!needGateway) return null
  const gateway = f['gateway'] as Gateway
  if (!gateway) return 'Campo gateway obbligatorio mancante'
  const expected = SANDBOX_ONPAY.gateways[gateway] as Record<string, string> | undefined
  if (!expected) return `Gateway ${gateway} non supportato: valori possibili nexi, multisafepay, volt`
  if (!f['gatewayApiKey']) return 'Campo gatewayApiKey obbligatorio mancante'
  for (const [k, v] of Object.entries(expected)) {
    if (k === 'gatewayNotificationKey') continue
    if (f[k] !== v) return `${gateway}: credenziali del gateway non valide (${k})`
  }
  return { gateway, quaterna: [f['key'], gateway, f['gatewayApiKey'], f['gatewaySecretKey'] ?? ''].join('|') }
}
