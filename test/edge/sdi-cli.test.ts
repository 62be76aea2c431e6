/**
 * `varco sdi setup|send|status` as an operator runs them: the real CLI process against a database
 * file and an OpenAPI.it simulator on a real socket, configured as production is (OPENAPI_SDI_URL,
 * OPENAPI_OAUTH_URL, email, API key, callback secret), so nothing of the sandbox wiring is involved.
 * @module
 */

import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNodeXsdValidator } from '../../adapters/fatturapa/xsd/node.ts'
import { realInspector } from '../../edge/deps/sdi-inspect.ts'
import { type OpenapiSdiSimulator, openapiSdiSimulator, SANDBOX_OPENAPI_SDI } from '../../sandbox/openapi-sdi/index.ts'
import { type LocalServer, listenLocally } from '../fakes/listen.ts'
import { sdiInvoice } from '../fixtures/sdi/invoices.ts'

const NODE = join(process.cwd(), 'node_modules', '.bin', 'node')
const BIN = join(process.cwd(), 'bin', 'varco.mjs')

describe('varco sdi (CLI) against OpenAPI.it on a socket', { timeout: 120_000 }, () => {
  let dir: string
  let sim: OpenapiSdiSimulator
  let server: LocalServer
  let env: NodeJS.ProcessEnv
  // Async: the simulator answers in this process, so the CLI must not block the event loop.
  const run = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(NODE, [BIN, ...args], { env })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d) => {
        stdout += d
      })
      child.stderr.on('data', (d) => {
        stderr += d
      })
      child.on('close', (status) => resolve({ status, stdout, stderr }))
    })

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'varco-sdi-cli-'))
    const xsd = await createNodeXsdValidator()
    sim = openapiSdiSimulator({
      inspectInvoice: realInspector(xsd),
      autoDeliverMs: Number.POSITIVE_INFINITY,
      // The callback URL is a public host: never dial it from a test.
      callbackFetch: () => Promise.reject(new Error('no network in tests')),
    })
    server = await listenLocally((req) => sim.app.fetch(req))
    env = {
      PATH: process.env['PATH'],
      VARCO_DB_URL: `file:${join(dir, 'varco.db')}`,
      VARCO_PUBLIC_URL: 'https://varco.example.it',
      LOG_LEVEL: 'warn',
      OPENAPI_SDI_URL: server.url,
      OPENAPI_OAUTH_URL: `${server.url}/oauth`,
      OPENAPI_SDI_EMAIL: SANDBOX_OPENAPI_SDI.email,
      OPENAPI_SDI_API_KEY: SANDBOX_OPENAPI_SDI.apiKey,
      OPENAPI_SDI_CALLBACK_SECRET: SANDBOX_OPENAPI_SDI.callbackSecret,
    }
  })
  afterAll(async () => {
    await server?.close()
  })

  it('setup registers the company and the callback once; run again, it changes nothing', async () => {
    const args = ['sdi', 'setup', '--fiscal-id', 'IT07776161213', '--name', '231 Agile', '--email', 'fatture@agile.example.it']
    const first = await run(...args)
    expect(first.stderr).toBe('')
    expect(JSON.parse(first.stdout)).toEqual({ fiscal_id: '07776161213', business_registry: 'created', callbacks: 'created' })
    const again = await run(...args)
    expect(JSON.parse(again.stdout)).toEqual({ fiscal_id: '07776161213', business_registry: 'unchanged', callbacks: 'unchanged' })
    const other = await run(...args, '--callback-url', 'https://other.example.it/webhooks/openapi-sdi')
    expect(JSON.parse(other.stdout)).toMatchObject({ callbacks: 'updated' })
  })

  it('setup refuses, in production, a callback URL OpenAPI.it should not be sent to (http, loopback, private, metadata)', async () => {
    const args = ['sdi', 'setup', '--fiscal-id', 'IT07776161213', '--name', '231 Agile', '--email', 'fatture@agile.example.it']
    const kept = env
    env = { ...env, VARCO_ENV: 'production', JWT_SECRET: 'p'.repeat(40) }
    try {
      for (const url of [
        'http://varco.example.it/webhooks/openapi-sdi',
        'https://127.0.0.1:8787/webhooks/openapi-sdi',
        'https://169.254.169.254/x',
      ]) {
        const r = await run(...args, '--callback-url', url)
        expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 1, stdout: '' })
        expect(r.stderr).toMatch(/OpenAPI\.it must reach a public https address/)
      }
    } finally {
      env = kept
    }
  })

  it('send validates and sends once (a repeat is the same record); status re-reads it at OpenAPI.it', async () => {
    const t = await run('tenant', 'create', '--name', 'Comune di Bugliano', '--tax-id', '00341620508')
    const tenant = (JSON.parse(t.stdout) as { id: string }).id
    const inv = sdiInvoice({ numero: 'CLI-1', data: '2026-03-01' })
    const file = join(dir, inv.fileName)
    writeFileSync(file, inv.xml)
    const sent = await run('sdi', 'send', file, '--numero', 'CLI-1', '--tenant', tenant)
    expect(sent.stderr).toBe('')
    expect(sent.status).toBe(0)
    const out = JSON.parse(sent.stdout)
    expect(out).toMatchObject({ created: true, stato: 'inviata', fattura_numero: 'CLI-1', file_name: inv.fileName })
    const repeat = JSON.parse((await run('sdi', 'send', file, '--numero', 'CLI-1', '--tenant', tenant)).stdout)
    expect(repeat).toMatchObject({ created: false, sdi_id: out.sdi_id })
    expect(sim.control.accepted()).toBe(1)

    await sim.control.notify(out.remote_id, 'RC')
    const status = await run('sdi', 'status', out.sdi_id, '--tenant', tenant)
    expect(JSON.parse(status.stdout)).toMatchObject({ sdi_id: out.sdi_id, stato: 'RC', notifiche: [{ n: 1, tipo: 'RC' }] })
  })

  it('refuses an invalid file with its errors and exit 1; usage errors exit 2', async () => {
    const bad = join(dir, 'bad.xml')
    writeFileSync(bad, sdiInvoice({ numero: 'CLI-2' }).xml.replace(/<Numero>CLI-2<\/Numero>/, '<Numero>ABC</Numero>'))
    const r = await run('sdi', 'send', bad, '--numero', 'ABC', '--tenant', 'nope')
    expect(r.status).toBe(1)
    const t = await run('tenant', 'create', '--name', 'Comune di Altrove', '--tax-id', '00341620508')
    const tenant = (JSON.parse(t.stdout) as { id: string }).id
    const r2 = await run('sdi', 'send', bad, '--numero', 'ABC', '--tenant', tenant)
    expect(r2.status).toBe(1)
    expect(r2.stderr).toContain('00425')
    expect((await run('sdi', 'send', bad)).status).toBe(2)
    expect((await run('sdi', 'frobnicate')).status).toBe(2)
  })
})
