/**
 * Raw HTTP to a mounted OpenAPI.it simulator, for the tests of its wire: a token with every scope
 * the adapter asks for, and JSON or XML requests with it. The adapter is not involved.
 * @module
 */

import { scopesFor } from '../../../adapters/openapi-sdi/index.ts'
import { SANDBOX_OPENAPI_SDI } from '../../../sandbox/openapi-sdi/index.ts'

export type Answer = { readonly status: number; readonly json: Record<string, unknown> & { data?: unknown }; readonly text: string }

export const basicAuth = (email: string, apiKey: string) => `Basic ${btoa(`${email}:${apiKey}`)}`

export function simClient(s: { readonly base: string; readonly simFetch: typeof fetch }) {
  async function answer(res: Response): Promise<Answer> {
    const text = await res.text()
    let json: Answer['json'] = {}
    try {
      json = JSON.parse(text)
    } catch {
      // XML or nothing
    }
    return { status: res.status, json, text }
  }

  async function token(scopes: readonly string[] = scopesFor(s.base), ttl?: number): Promise<string> {
    const res = await s.simFetch(`${s.base}/oauth/tokens`, {
      method: 'POST',
      headers: { authorization: basicAuth(SANDBOX_OPENAPI_SDI.email, SANDBOX_OPENAPI_SDI.apiKey), 'content-type': 'application/json' },
      body: JSON.stringify({ scopes, ...(ttl ? { ttl } : {}) }),
    })
    const a = await answer(res)
    if (a.status !== 200) throw new Error(`no token: ${a.text}`)
    return (a.json.data as { token: string }).token
  }

  let cached: string | null = null
  /** A request with a token of every scope (fetched once), unless `headers` carry their own authorization. */
  async function call(method: string, path: string, o: { json?: unknown; xml?: string; headers?: Record<string, string> } = {}) {
    cached ??= await token([...scopesFor(s.base), `POST:${new URL(s.base).host}${new URL(s.base).pathname}/simulate`])
    const headers: Record<string, string> = { authorization: `Bearer ${cached}`, ...o.headers }
    let body: string | undefined
    if (o.json !== undefined) {
      body = JSON.stringify(o.json)
      headers['content-type'] = 'application/json'
    } else if (o.xml !== undefined) {
      body = o.xml
      headers['content-type'] = 'application/xml'
    }
    return answer(await s.simFetch(`${s.base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) }))
  }

  /** `POST /invoices`; the uuid, or throws. */
  async function send(xml: string): Promise<string> {
    const a = await call('POST', '/invoices', { xml })
    if (a.status !== 200) throw new Error(`not accepted: ${a.text}`)
    return (a.json.data as { uuid: string }).uuid
  }

  const simulate = (uuid: string, notification: string, esito?: string) =>
    call('POST', '/simulate/customer-notification', { json: { uuid, notification, ...(esito ? { esito } : {}) } })

  return { token, call, send, simulate, answer }
}
