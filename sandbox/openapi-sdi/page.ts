/** The simulator's index page: credentials, routes and test hooks. @module */

import { esc, PAGE_HEADERS, pageShell } from '../shared/html.ts'
import type { OpenapiSdiCredentials } from './credentials.ts'

const shell = pageShell({
  lang: 'en',
  width: '48rem',
  ink: '#1b2a3a',
  heading: '1.4rem',
  rules: 'code{font-size:.9em}',
  accent: '#0a5bd3',
  radius: '6px',
})

export function page(invoices: number, creds: OpenapiSdiCredentials): { html: string; headers: Record<string, string> } {
  const body = `<p>OAuth: <code>POST /oauth/tokens</code> with Basic <code>${esc(creds.email)}:${esc(creds.apiKey)}</code> and
<code>{"scopes": ["POST:&lt;host&gt;/sandbox/openapi-sdi/invoices", …], "ttl": 86400}</code>; then <code>Authorization: Bearer …</code>.
Callbacks carry the configured header with the value <code>${esc(creds.callbackSecret)}</code>.</p>
<ul><li><code>POST /invoices</code> (<code>application/xml</code>): 200 <code>{data:{uuid}}</code>, 422 <code>802</code> malformed, 400 <code>230</code> invalid or file name already used</li>
<li><code>GET /invoices/{uuid}</code>, <code>GET /invoices?type=0&amp;invoiceNumber=&amp;sender=&amp;sdi_file_name=&amp;page=</code></li>
<li><code>GET /invoices_notifications/{uuid}</code>; <code>GET /invoices_notifications/{uuid}/{notification uuid}</code> with <code>Accept: application/xml</code>: the XML</li>
<li><code>POST|GET /business_registry_configurations[/{fiscal_id}]</code>, <code>POST|GET /api_configurations[?fiscal_id=]</code></li>
<li><code>POST /simulate/customer-notification</code> <code>{uuid, notification: RC|NS|MC|NE|DT|AT, esito?: EC01|EC02}</code></li>
<li>RC (or NS, when the file fails an SdI check) comes by itself a few seconds after sending.</li>
<li>Test hooks: <code>POST|DELETE /_control/faults</code> <code>{path, method?, count?, kind: fail|hang|drop, status?, delayMs?, after?, mode?: error|abort}</code>,
<code>POST /_control/tokens/expire</code>, <code>POST /_control/tick</code>, <code>GET /_control/state</code></li></ul>
<p>${invoices} invoices in memory.</p>`
  return { html: shell('OpenAPI.it SDI simulator', body), headers: PAGE_HEADERS }
}
