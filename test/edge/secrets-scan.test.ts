/**
 * Secrets never leave: representative flows run through the real app with the JSON logger captured
 * (tenant and key creation, platform keys, payments v2 provider configuration with keys accepted and
 * refused, billing settings with a secret, RTD settings with a subscription key, SDI sending with the
 * OpenAPI.it account and callbacks with right and wrong tokens, failed authentications), then every
 * log line, every answer (body and headers) and every stored text column are scanned for each secret
 * value given or configured. Only the key's last 4 characters may show (`api_key_last4`).
 * @module
 */

import { expect, it } from 'vitest'
import { createNodeXsdValidator } from '../../adapters/fatturapa/xsd/node.ts'
import { setBillingOperator } from '../../core/billing/settings-store.ts'
import { GENERA_EXAMPLE } from '../../openapi/fatturapa.ts'
import { sandboxCredentials } from '../../sandbox/index.ts'
import { SECRET } from '../contract/route-harness.ts'
import { harness } from './harness.ts'

it('no secret value appears in logs, answers or stored plaintext', async () => {
  const billingSecret = 'fak_billing_secret_7e1d0c9b8a7f6e5d'
  const rtdKey = 'rtdsub_secret_1a2b3c4d5e6f7a8b9c0d'
  const wrongProviderKey = 'sk_live_WRONG_c0ffee0123456789abcdef'
  const wrongWebhookSecret = 'wsk_WRONG_0123456789abcdef0123'
  const wrongCallbackToken = 'cbs_WRONG_presented_0123456789abcdef'
  const h = await harness({ xsd: createNodeXsdValidator }, { LOG_LEVEL: 'debug' })
  const answers: string[] = []
  const call = async (method: string, path: string, opts: Parameters<typeof h.call>[2] = {}) => {
    const r = await h.call(method, path, opts)
    const headers: string[] = []
    for (const [k, v] of r.res.headers) headers.push(`${k}: ${v}`)
    answers.push(`${method} ${path} ${r.status}\n${headers.join('\n')}\n${r.text}`)
    return r
  }

  const t = await h.tenant('Comune A')
  const p = await h.platform('Opencity')
  const admin = { key: t.key, token: await h.token(t.id, 'admin') }
  await setBillingOperator(h.deps.billing, t.id)
  await call('POST', '/tenants', {
    key: p.key,
    body: { id: crypto.randomUUID(), name: 'Comune B', tax_identification_number: '00341620508' },
  })
  await call('GET', '/tenants', admin)
  // Failed authentications: a wrong secret for a real key id, the right key with a bad token.
  await call('GET', '/tenants', { key: `${t.key.slice(0, 16)}${'Z'.repeat(43)}`, token: admin.token })
  await call('GET', '/tenants', { key: t.key, token: `${admin.token}x` })
  await call('GET', '/tenants', { key: `${p.key.slice(0, 16)}${'Z'.repeat(43)}` })

  const revolut = sandboxCredentials.revolut as unknown as { secretKey: string; webhookSecret: string }
  await call('PUT', '/payment/v2/provider-config', {
    ...admin,
    body: { provider: 'revolut', api_key: wrongProviderKey, webhook_secret: wrongWebhookSecret },
  })
  await call('PUT', '/payment/v2/provider-config', {
    ...admin,
    body: { provider: 'revolut', api_key: revolut.secretKey, webhook_secret: revolut.webhookSecret },
  })
  await call('GET', '/payment/v2/provider-config', admin)
  await call('POST', '/payment/v2/links', {
    ...admin,
    body: {
      amount: 18300,
      currency: 'EUR',
      description: 'Pacchetto',
      reference: 'PKG-1',
      method: 'card',
      return_url: 'https://example.it/back',
    },
  })

  await call('PUT', '/billing/settings', { ...admin, body: { fattura_api_key: billingSecret } })
  await call('GET', '/billing/settings', admin)
  await call('PUT', '/rtd/settings', { ...admin, body: { sender_codes: ['12345'], subscription_key: rtdKey } })
  await call('PUT', '/rtd/settings', { ...admin, body: { sender_codes: ['12345'], subscription_key: 'short' } })
  await call('GET', '/rtd/settings', admin)

  const op = { key: t.key, token: await h.token(t.id, 'operator') }
  const made = await call('POST', '/fatturapa/genera', { ...op, body: { ...GENERA_EXAMPLE, numero: 'FT-SECRET-1' } })
  await call('POST', '/sdi/trasmetti', { ...op, body: { xml_base64: made.json['xml_base64'], fattura_numero: 'FT-SECRET-1' } })
  const sdi = sandboxCredentials.openapiSdi
  for (const token of [sdi.callbackSecret, wrongCallbackToken]) {
    await call('POST', '/webhooks/openapi-sdi', {
      headers: { [sdi.callbackHeader]: token },
      body: { data: { uuid: 'x', event: 'customer-notification' } },
    })
  }

  const secrets: Record<string, string> = {
    JWT_SECRET: SECRET,
    'tenant API key': t.key,
    'platform key': p.key,
    'bearer token': admin.token,
    'provider API key': revolut.secretKey,
    'provider webhook secret': revolut.webhookSecret,
    'refused provider API key': wrongProviderKey,
    'refused webhook secret': wrongWebhookSecret,
    'billing secret setting': billingSecret,
    'RTD subscription key': rtdKey,
    'OpenAPI.it API key': sdi.apiKey,
    'SDI callback secret': sdi.callbackSecret,
    'a wrong callback token': wrongCallbackToken,
  }
  // Stored text: every text column of every table (keys are hashed, secrets sealed).
  const stored: string[] = []
  const tables = await h.deps.db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
  for (const row of tables.rows) {
    const rows = await h.deps.db.execute(`SELECT * FROM "${String(row['name'])}"`)
    for (const r of rows.rows)
      stored.push(`${String(row['name'])}: ${JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`)
  }

  expect(h.logs.length).toBeGreaterThan(18)
  // Each flow reached what it exercises (a refusal where one is meant).
  expect(answers.map((a) => a.split(' ', 3).join(' ').split('\n')[0])).toEqual([
    'POST /tenants 201',
    'GET /tenants 200',
    'GET /tenants 401',
    'GET /tenants 401',
    'GET /tenants 401',
    'PUT /payment/v2/provider-config 200',
    'PUT /payment/v2/provider-config 200',
    'GET /payment/v2/provider-config 200',
    'POST /payment/v2/links 201',
    'PUT /billing/settings 200',
    'GET /billing/settings 200',
    'PUT /rtd/settings 200',
    'PUT /rtd/settings 400',
    'GET /rtd/settings 200',
    'POST /fatturapa/genera 200',
    'POST /sdi/trasmetti 201',
    'POST /webhooks/openapi-sdi 400',
    'POST /webhooks/openapi-sdi 400',
  ])
  const leaks: string[] = []
  for (const [what, value] of Object.entries(secrets)) {
    for (const [where, lines] of [
      ['log', h.logs],
      ['answer', answers],
      ['database', stored],
    ] as const) {
      const hit = lines.find((l) => l.includes(value))
      if (hit) leaks.push(`${what} in ${where}: ${hit.slice(0, 300)}`)
    }
  }
  expect(leaks).toEqual([])
}, 60_000)
