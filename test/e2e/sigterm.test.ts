import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort } from '../setup/sqld.ts'
import { NODE_BIN, ROOT } from './helpers.ts'

/** `node edge/node.ts` (what `npm start` runs) on a free port; its output and exit are observed. */
async function start(env: Record<string, string> = {}) {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'varco-sigterm-'))
  const child = spawn(NODE_BIN, [join(ROOT, 'edge', 'node.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'],
      PORT: String(port),
      HOST: '127.0.0.1',
      VARCO_DB_URL: `file:${join(dir, 'varco.db')}`,
      VARCO_ENV: 'development',
      JWT_SECRET: 'sigterm-test-secret-0123456789-abcdefgh',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d) => (output += String(d)))
  child.stderr?.on('data', (d) => (output += String(d)))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${output}`)
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  running.push({ child, dir })
  return { child, port, url, exited, output: () => output }
}

const running: { child: ChildProcess; dir: string }[] = []
afterEach(() => {
  for (const { child, dir } of running.splice(0)) {
    if (child.exitCode === null) child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
})

/** A POST whose body is sent in two parts: the request stays in flight until `finish()`. */
function slowPost(port: number, path: string) {
  const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json' } })
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = ''
      res.on('data', (d) => (body += String(d)))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      res.on('error', reject)
    })
    req.on('error', reject)
  })
  req.flushHeaders()
  req.write('{"type":"checkout.session.completed",')
  return { answer, finish: () => req.end('"data":{}}') }
}

const waitFor = async (what: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('graceful SIGTERM (node edge/node.ts)', () => {
  it('stops accepting, lets the in-flight request finish, then exits 0', { timeout: 60_000 }, async () => {
    const s = await start()
    const inFlight = slowPost(s.port, '/webhooks/stripe')
    await new Promise((r) => setTimeout(r, 200))
    s.child.kill('SIGTERM')
    await waitFor(() => s.output().includes('shutting down'))
    // New connections are refused while the old request is still being received.
    await expect(fetch(`${s.url}/health`)).rejects.toThrow()
    expect(s.child.exitCode).toBeNull()
    await new Promise((r) => setTimeout(r, 500))
    inFlight.finish()
    const answer = await inFlight.answer
    expect(answer.status).toBeGreaterThanOrEqual(400)
    expect(answer.status).toBeLessThan(500)
    expect(answer.body).toContain('webhook')
    expect(await s.exited).toBe(0)
    expect(s.output()).toContain('"msg":"stopped"')
    expect(s.output()).not.toContain('shutdown timeout')
  })

  it('closes a request that outlives VARCO_SHUTDOWN_TIMEOUT_MS and still exits 0', { timeout: 60_000 }, async () => {
    const s = await start({ VARCO_SHUTDOWN_TIMEOUT_MS: '400' })
    const stuck = slowPost(s.port, '/webhooks/stripe')
    const failed = stuck.answer.then(
      () => 'answered',
      () => 'closed',
    )
    await new Promise((r) => setTimeout(r, 200))
    const sent = Date.now()
    s.child.kill('SIGTERM')
    expect(await s.exited).toBe(0)
    expect(Date.now() - sent).toBeLessThan(5000)
    expect(await failed).toBe('closed')
    expect(s.output()).toContain('shutdown timeout')
  })
})
